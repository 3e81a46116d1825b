package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which account the workers drop to: looked up as numbers, refused when it is root, unknown or malformed. */
class RunAsTest {

    @TempDir
    Path dir;

    private Path passwd() throws IOException {
        return Files.writeString(dir.resolve("passwd"), String.join("\n",
                "root:x:0:0:root:/root:/bin/bash",
                "haproxy:x:108:113::/var/lib/haproxy:/usr/sbin/nologin",
                "toor:x:0:0::/:/bin/sh",
                "wheel:x:1001:0::/:/bin/sh") + "\n");
    }

    private Settings settings(String user, boolean root) throws IOException {
        return Settings.of(dir.toString(), "/usr/sbin/haproxy", 5, user, passwd(), root);
    }

    @Test
    void asRootTheWorkersDropToTheNamedAccountByNumber() throws IOException {
        Settings s = settings("haproxy", true);
        assertEquals(List.of(), s.problems());
        assertEquals(new Settings.RunAs("haproxy", 108, 113), s.runAs());
    }

    @Test
    void withoutRootOrWithoutAUserTheWorkersKeepTheirs() throws IOException {
        assertNull(settings("haproxy", false).runAs(), "only root can change user");
        assertNull(settings("", true).runAs());
        assertEquals(List.of(), settings("", true).problems());
    }

    @Test
    void unknownPrivilegedOrMalformedAccountsMakeTheRouterUnusable() throws IOException {
        assertEquals(List.of("run.user nobody2 is not an account in " + dir.resolve("passwd")
                + " (the haproxy package creates it; or set run.user empty to keep the workers' user)"),
                settings("nobody2", true).problems());
        assertEquals(List.of("run.user toor is root; name an unprivileged account, or leave it empty"),
                settings("toor", true).problems());
        assertEquals(List.of("run.user wheel is root; name an unprivileged account, or leave it empty"),
                settings("wheel", true).problems(), "group 0 is root's too");
        for (String hostile : List.of("ha proxy", "haproxy\nuid 0", "../x", "Root", "x".repeat(40), "uid;0")) {
            Settings s = settings(hostile, true);
            assertNull(s.runAs());
            assertEquals(1, s.problems().size(), hostile);
            assertTrue(s.problems().get(0).startsWith("run.user must be a user name of the characters [a-z0-9_-]"),
                    s.problems().get(0));
        }
    }

    @Test
    void theAccountIsRenderedAsNumbersIntoTheGlobalSection() throws IOException {
        ProxyHome h = new ProxyHome(dir, "p1");
        String withRunAs = new String(new Renderer(h, new byte[0], new Settings.RunAs("haproxy", 108, 113))
                .render(TableCheck.check(new org.atoll.spi.routing.RoutingTable(List.of()))).config());
        assertTrue(withRunAs.contains("\n    uid 108\n    gid 113\n"), withRunAs);
        String without = new String(new Renderer(h, new byte[0], null)
                .render(TableCheck.check(new org.atoll.spi.routing.RoutingTable(List.of()))).config());
        assertTrue(!without.contains("uid ") && !without.contains("gid "), without);
    }
}

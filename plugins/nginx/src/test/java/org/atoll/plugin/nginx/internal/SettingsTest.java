package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration: defaults, refusals, and what a router with a bad one or without nginx does. */
class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsUseKarafDataOrTheTemporaryDirectory() {
        String before = System.getProperty("karaf.data");
        try {
            System.clearProperty("karaf.data");
            Settings s = Settings.defaults();
            assertTrue(s.valid(), s.problems().toString());
            assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "atoll", "nginx"), s.dataDirectory());
            assertEquals(Path.of("/usr/sbin/nginx"), s.binary());
            assertEquals(Duration.ofSeconds(20), s.timeout());
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/atoll/nginx"), Settings.defaults().dataDirectory());
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void aBadConfigurationMakesTheRouterDownAndEveryCallFailPermanently() {
        Settings s = Settings.of("relative/dir", "nginx", 0);
        assertEquals(3, s.problems().size(), s.problems().toString());
        NginxRouter router = new NginxRouter("1", s);
        assertEquals(ProviderStatus.State.DOWN, router.status().state());
        assertTrue(router.status().message().contains("data.directory must be an absolute path"));
        ProviderException e = assertThrows(ProviderException.class, router::proxies);
        assertFalse(e.retryable());
        assertEquals("nginx", router.info().name());
    }

    @Test
    void withoutNginxTheRouterIsDownAndAppliesFailRetryablyAfterTheTableIsChecked() {
        NginxRouter router = new NginxRouter("1", Settings.of(dir.toString(), "/nonexistent/nginx", 5));
        assertEquals(ProviderStatus.State.DOWN, router.status().state());
        assertTrue(router.status().message().contains("no nginx at /nonexistent/nginx"), router.status().message());
        ProviderException bad = assertThrows(ProviderException.class, () -> router.apply("Bad", new RoutingTable(
                List.of())));
        assertFalse(bad.retryable());
        ProviderException missing = assertThrows(ProviderException.class, () -> router.apply("ok", new RoutingTable(
                List.of())));
        assertTrue(missing.retryable());
        assertEquals(List.of(), router.proxies());
    }
}

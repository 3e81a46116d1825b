package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.atoll.plugin.nginx.internal.Fixture.tlsSite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables that pass the allow-lists but not nginx: refused with nginx's own message, permanently; the live
 * configuration stays byte-identical and the proxy keeps serving the previous table with the same master.
 */
class BadConfigTest {

    private static Fixture fixture;
    private static NginxRouter router;
    private static Backend served;
    private static int port;
    private static RoutingTable good;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
        router = fixture.router();
        served = fixture.backend("good");
        port = freePort();
        good = new RoutingTable(List.of(site("web", port, List.of("good.test"), served)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void serving() {
        router.apply("bad", good);
        assertEquals("good", Http.body(port, "good.test"));
    }

    /** Applies {@code table}, expects a permanent refusal, and checks that nothing changed. */
    private static ProviderException refused(RoutingTable table) {
        byte[] before = fixture.confBytes("bad");
        long master = fixture.master("bad");
        ProviderException e = assertThrows(ProviderException.class, () -> router.apply("bad", table));
        assertFalse(e.retryable(), e.getMessage());
        assertArrayEquals(before, fixture.confBytes("bad"), "the live configuration is byte-identical");
        assertEquals(master, fixture.master("bad"), "the same master");
        assertEquals("good", Http.body(port, "good.test"), "still serving the previous table");
        assertEquals(Optional.of(good), router.current("bad"));
        assertFalse(Files.exists(fixture.root().resolve("bad").resolve("stage")), "no scratch left");
        return e;
    }

    @Test
    void aCertificateWithAValidHeaderButGarbageInsideIsRefusedByNginx() throws Exception {
        Path[] real = Certs.make(files, "real.test");
        Path garbage = Files.writeString(files.resolve("garbage.crt"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        ProviderException e = refused(new RoutingTable(List.of(site("web", port, List.of("good.test"), served),
                tlsSite("secure", freePort(), List.of("s.test"), new Path[] {garbage, real[1]}, served))));
        assertTrue(e.getMessage().contains("nginx refused the configuration of proxy bad: [emerg] cannot load"
                + " certificate"), e.getMessage());
        assertTrue(e.getMessage().contains("PEM_read_bio_X509"), e.getMessage());
        assertTrue(e.getMessage().contains(garbage + " (frontends[secure].tls.certificate)"), e.getMessage());
    }

    @Test
    void aListenerAddressThatIsNotOnThisHostIsRefusedByNginx() {
        ProviderException e = refused(new RoutingTable(List.of(site("web", port, List.of("good.test"), served),
                new Frontend("remote", "192.0.2.1", freePort(), List.of("r.test"), null, null,
                        List.of(served.server()), Map.of()))));
        assertTrue(e.getMessage().contains("bind() to 192.0.2.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("Cannot assign requested address"), e.getMessage());
    }

    @Test
    void aBackendNameThatDoesNotResolveIsRefusedByNginx() {
        ProviderException e = refused(new RoutingTable(List.of(new Frontend("web", "127.0.0.1", port,
                List.of("good.test"), null, null, List.of(new org.atoll.spi.routing.BackendServer("x",
                        "no-such-host.invalid", 80)), Map.of()))));
        assertTrue(e.getMessage().contains("host not found in upstream"), e.getMessage());
    }

    /** nginx -t tolerates a port in use (the running nginx holds its own); the reload then fails. */
    @Test
    void aPortTakenByAnotherProgramFailsTheReloadAndThePreviousFileIsPutBack() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ProviderException e = refused(new RoutingTable(List.of(site("web", port, List.of("good.test"), served),
                    site("other", taken.getLocalPort(), List.of("o.test"), served))));
            assertTrue(e.getMessage().contains("refused the new configuration and keeps the previous one"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
        // and the proxy still takes changes
        Backend next = fixture.backend("next");
        router.apply("bad", new RoutingTable(List.of(site("web", port, List.of("good.test"), next))));
        assertEquals("next", Http.body(port, "good.test"));
    }

    @Test
    void aFirstStartOnAPortTakenByAnotherProgramFailsAndLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ProviderException e = assertThrows(ProviderException.class, () -> router.apply("blocked",
                    new RoutingTable(List.of(site("web", taken.getLocalPort(), List.of(), served)))));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().startsWith("nginx proxy blocked did not start: [emerg] bind() to 127.0.0.1:"),
                    e.getMessage());
            assertFalse(Files.exists(fixture.root().resolve("blocked")));
        }
    }

    @Test
    void aFirstApplyThatNginxRefusesLeavesNothingBehind() {
        ProviderException e = assertThrows(ProviderException.class, () -> router.apply("never",
                new RoutingTable(List.of(new Frontend("remote", "192.0.2.1", freePort(), List.of(), null, null,
                        List.of(), Map.of())))));
        assertFalse(e.retryable());
        assertFalse(Files.exists(fixture.root().resolve("never")));
        assertFalse(router.proxies().contains("never"));
    }
}

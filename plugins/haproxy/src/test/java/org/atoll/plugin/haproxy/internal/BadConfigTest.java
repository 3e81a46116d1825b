package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A table that HAProxy refuses never goes live: same file, same worker, same answers. */
class BadConfigTest {

    private static Fixture fx;
    private static Path certs;

    @BeforeAll
    static void start() throws IOException {
        fx = new Fixture();
        certs = Files.createTempDirectory("atoll-haproxy-bad");
    }

    @AfterAll
    static void stop() throws IOException {
        fx.close();
        ProxyHome.deleteTree(certs);
    }

    @Test
    void aCertificateTheCheckerRefusesChangesNothing() throws Exception {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        RoutingTable good = Fixture.table(Fixture.site("web", port, List.of(), a));
        fx.router.apply("pem", good);
        byte[] before = fx.config("pem");
        List<Long> workers = fx.currentWorkers("pem");

        Certs.Pair real = Certs.make(certs, "x.example");
        Path garbage = certs.resolve("garbage.crt");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        Frontend tls = Fixture.tls(Fixture.site("secure", Fixture.freePort(), List.of(), a), garbage, real.key());
        ProviderException e = assertThrows(ProviderException.class,
                () -> fx.router.apply("pem", Fixture.table(Fixture.site("web", port, List.of(), a), tls)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("does not validate") && e.getMessage().contains("garbage")
                || e.getMessage().contains("unable to load"), e.getMessage());
        assertTrue(e.getMessage().contains("[/"), "carries the checker's own words: " + e.getMessage());

        assertArrayEquals(before, fx.config("pem"));
        assertEquals(workers, fx.currentWorkers("pem"));
        assertEquals(Optional.of(good), fx.router.current("pem"));
        assertEquals("a", Http.get(port, "x", "/").server());
        try (var files = Files.list(fx.dir("pem").resolve("files"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".pem")).toList(), "no leftovers");
        }
    }

    @Test
    void anAddressOfAnotherHostIsRefusedBeforeAnythingIsWritten() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        fx.router.apply("addr", Fixture.table(Fixture.site("web", port, List.of(), a)));
        byte[] before = fx.config("addr");

        Frontend elsewhere = new Frontend("far", "192.0.2.1", Fixture.freePort(), List.of(), null, null,
                List.of(a.server()), java.util.Map.of());
        ProviderException e = assertThrows(ProviderException.class,
                () -> fx.router.apply("addr", Fixture.table(Fixture.site("web", port, List.of(), a), elsewhere)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("frontends[far].address: 192.0.2.1 is not an address of this host"),
                e.getMessage());
        assertArrayEquals(before, fx.config("addr"));
        assertEquals("a", Http.get(port, "x", "/").server());
    }

    @Test
    void aReloadThatFailsRestoresTheFileAndTheOldWorkerKeepsServing() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        RoutingTable good = Fixture.table(Fixture.site("web", port, List.of(), a));
        fx.router.apply("busy", good);
        byte[] before = fx.config("busy");
        List<Long> workers = fx.currentWorkers("busy");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RoutingTable clash = Fixture.table(Fixture.site("web", port, List.of(), a),
                    Fixture.site("clash", taken.getLocalPort(), List.of(), a));
            ProviderException e = assertThrows(ProviderException.class, () -> fx.router.apply("busy", clash));
            assertTrue(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().contains("reload failed") && e.getMessage().contains("cannot bind"),
                    e.getMessage());
            assertEquals(ProviderStatus.State.DEGRADED, fx.router.status().state());
            assertArrayEquals(before, fx.config("busy"));
            assertEquals(workers, fx.allWorkers("busy"), "the old worker still runs, and only it");
            assertEquals("a", Http.get(port, "x", "/").server());
            assertEquals(Optional.of(good), fx.router.current("busy"));
        }
        assertTrue(fx.router.apply("busy", good).changed(), "after a failed reload the next apply reloads");
        assertEquals(ProviderStatus.State.UP, fx.router.status().state());
        assertFalse(fx.router.apply("busy", good).changed());
    }

    @Test
    void aFirstStartThatFailsLeavesNoProxy() throws IOException {
        Backend a = fx.backend("a");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ProviderException e = assertThrows(ProviderException.class, () -> fx.router.apply("nostart",
                    Fixture.table(Fixture.site("web", taken.getLocalPort(), List.of(), a))));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("did not start") && e.getMessage().contains("cannot bind"),
                    e.getMessage());
        }
        assertFalse(Files.exists(fx.dir("nostart").resolve("haproxy.cfg")));
        assertFalse(fx.router.proxies().contains("nostart"));
        fx.router.remove("nostart");
    }
}

package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/** Digest authentication is refused (nginx cannot do it), and its passwords go nowhere. */
class SecrecyTest {

    private static final String PASSWORD = "Sup3r-S3cret-pw";

    @Test
    void aTableWithAuthIsRefusedPermanentlyWithoutShowingThePassword() throws Exception {
        try (Fixture fixture = new Fixture(); LogCapture log = new LogCapture()) {
            NginxRouter router = fixture.router();
            Backend a = fixture.backend("a");
            int port = freePort();
            router.apply("guarded", new RoutingTable(List.of(Fixture.site("web", port, List.of("g.test"), a))));
            byte[] before = fixture.confBytes("guarded");

            Frontend secret = new Frontend("web", null, port, List.of("g.test"), null, null, List.of(a.server()),
                    Map.of("alice", PASSWORD));
            ProviderException e = assertThrows(ProviderException.class,
                    () -> router.apply("guarded", new RoutingTable(List.of(secret))));
            assertFalse(e.retryable());
            assertEquals("frontends[web].auth: nginx cannot do digest authentication; use a haproxy load balancer",
                    e.getMessage());
            assertFalse(router.capabilities().contains(NginxRouter.CAP_DIGEST_AUTH));
            assertTrue(java.util.Arrays.equals(before, fixture.confBytes("guarded")));

            ProviderException fresh = assertThrows(ProviderException.class,
                    () -> router.apply("never", new RoutingTable(List.of(secret))));
            assertFalse(fresh.getMessage().contains(PASSWORD));
            assertFalse(Files.exists(fixture.root().resolve("never")));
            assertFalse(log.text().contains(PASSWORD), "not in the log");
            assertFalse(secret.toString().contains(PASSWORD));
            try (Stream<java.nio.file.Path> all = Files.walk(fixture.root())) {
                for (java.nio.file.Path p : all.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(p)).contains(PASSWORD), p.toString());
                }
            }
        }
    }
}

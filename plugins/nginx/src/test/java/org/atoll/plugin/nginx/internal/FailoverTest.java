package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/** A server that died is skipped: its failed connection is retried on another server, no client sees it. */
class FailoverTest {

    @Test
    void aDeadBackendIsSkippedAndNoRequestFails() {
        try (Fixture fixture = new Fixture()) {
            NginxRouter router = fixture.router();
            Backend a = fixture.backend("a");
            Backend b = fixture.backend("b");
            Backend c = fixture.backend("c");
            int port = freePort();
            router.apply("failover", new RoutingTable(List.of(site("web", port, List.of("f.test"), a, b, c))));
            assertEquals("a", Http.body(port, "f.test"));

            c.close();
            Map<String, Integer> counts = new TreeMap<>();
            for (int i = 0; i < 60; i++) {
                Http.Response r = Http.get(port, "f.test", "/");
                counts.merge(r.status() + " " + r.body(), 1, Integer::sum);
            }
            assertEquals(List.of("200 a", "200 b"), List.copyOf(counts.keySet()), counts.toString());
            assertTrue(counts.get("200 a") >= 20 && counts.get("200 b") >= 20, counts.toString());
        }
    }

    @Test
    void withEveryServerDeadTheClientGetsAGatewayError() {
        try (Fixture fixture = new Fixture()) {
            NginxRouter router = fixture.router();
            Backend a = fixture.backend("a");
            int port = freePort();
            router.apply("dead", new RoutingTable(List.of(site("web", port, List.of("d.test"), a))));
            a.close();
            assertEquals(502, Http.get(port, "d.test", "/").status());
        }
    }
}

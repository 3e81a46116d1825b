package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each balancing mode does what it promises, against the real nginx; every request on a new connection. */
class BalancingTest {

    private static Fixture fixture;
    private static NginxRouter router;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
        router = fixture.router();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Map<String, Integer> spread(int port, int requests) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            counts.merge(Http.body(port, "lb.test"), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsEvenlyOverThreeServers() {
        Backend a = fixture.backend("a");
        Backend b = fixture.backend("b");
        Backend c = fixture.backend("c");
        int port = freePort();
        router.apply("rr", new RoutingTable(List.of(site("web", port, List.of("lb.test"), a, b, c))));
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), spread(port, 30));
        // "default" is nginx's name for the same
        router.apply("rr", new RoutingTable(List.of(site("web", port, List.of("lb.test"), "default", a, b, c))));
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), spread(port, 30));
    }

    @Test
    void ipHashSticksEveryRequestOfOneClientToOneServer() {
        Backend a = fixture.backend("a");
        Backend b = fixture.backend("b");
        Backend c = fixture.backend("c");
        int port = freePort();
        router.apply("sticky", new RoutingTable(List.of(site("web", port, List.of("lb.test"), "ip_hash", a, b, c))));
        Map<String, Integer> counts = spread(port, 30);
        assertEquals(1, counts.size(), counts.toString());
        assertEquals(30, counts.values().iterator().next());
    }

    @Test
    void leastConnPrefersTheIdleServerWhileTheOtherHoldsALongRequest() throws Exception {
        Backend a = fixture.backend("a");
        Backend b = fixture.backend("b");
        int port = freePort();
        router.apply("least", new RoutingTable(List.of(site("web", port, List.of("lb.test"), "least_conn", a, b))));
        CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> Http.get(port, "lb.test", "/slow"));
        Waits.until(Duration.ofSeconds(10), "the long request is open on a server", () -> a.open() + b.open() == 1);
        String idle = a.open() == 1 ? "b" : "a";
        try {
            assertEquals(Map.of(idle, 10), spread(port, 10), "every request goes to the idle server");
        } finally {
            a.release();
            b.release();
        }
        Http.Response r = slow.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertTrue(!r.body().equals(idle), "the long request was on the busy server");
    }
}

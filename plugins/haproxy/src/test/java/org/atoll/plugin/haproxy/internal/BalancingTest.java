package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each balancing mode does what it promises, and a dead server is skipped. */
class BalancingTest {

    private static Fixture fx;

    @BeforeAll
    static void start() throws IOException {
        fx = new Fixture();
    }

    @AfterAll
    static void stop() throws IOException {
        fx.close();
    }

    @Test
    void roundRobinSpreadsEvenly() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        Backend c = fx.backend("c");
        int port = Fixture.freePort();
        fx.router.apply("rr", Fixture.table(Fixture.site("web", port, List.of(), "roundrobin", a, b, c)));

        Map<String, Integer> counts = count(port, 30);
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), counts);
    }

    @Test
    void sourceSticksOneClientToOneServer() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        Backend c = fx.backend("c");
        int port = Fixture.freePort();
        fx.router.apply("src", Fixture.table(Fixture.site("web", port, List.of(), "source", a, b, c)));

        Map<String, Integer> counts = count(port, 20);
        assertEquals(1, counts.size(), counts.toString());
        assertEquals(20, counts.values().iterator().next());
    }

    @Test
    void leastConnPrefersTheIdleServer() throws Exception {
        Backend slow = fx.backend("slow").slow();
        Backend fast = fx.backend("fast").slow();
        int port = Fixture.freePort();
        fx.router.apply("lc", Fixture.table(Fixture.site("web", port, List.of(), "leastconn", slow, fast)));

        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<Http.Response>> held = new ArrayList<>();
        try {
            // four long requests spread two and two; then "fast" finishes its two and is idle.
            for (int i = 0; i < 4; i++) {
                held.add(pool.submit(() -> Http.get(port, "x", "/hold")));
                int want = i + 1;
                Waits.until(Duration.ofSeconds(5), "long request " + want + " held",
                        () -> slow.holding() + fast.holding() == want);
            }
            assertEquals(2, slow.holding(), "leastconn spreads the long requests");
            fast.release();
            Waits.until(Duration.ofSeconds(5), "fast done", () -> fast.holding() == 0);
            // Round robin would send 10 of 20 to "slow"; leastconn sends (nearly) all to the idle server.
            // HAProxy's threads update the connection counts without a global order: allow a stray one.
            Map<String, Integer> counts = count(port, 20);
            assertTrue(counts.getOrDefault("fast", 0) >= 19, "leastconn prefers the idle server: " + counts);
            assertEquals(2, slow.holding());
        } finally {
            slow.release();
            fast.release();
            for (Future<Http.Response> f : held) {
                assertEquals(200, f.get().status());
            }
            pool.shutdownNow();
        }
    }

    @Test
    void deadServerIsSkipped() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        Backend c = fx.backend("c");
        int port = Fixture.freePort();
        fx.router.apply("dead", Fixture.table(Fixture.site("web", port, List.of(), "roundrobin", a, b, c)));
        assertEquals(3, count(port, 9).size());

        b.close();
        Map<String, Integer> counts = count(port, 60);
        assertEquals(60, counts.getOrDefault("a", 0) + counts.getOrDefault("c", 0), counts.toString());
        assertTrue(counts.get("a") > 10 && counts.get("c") > 10, counts.toString());
    }

    /** Requests on fresh connections; every one must answer 200. Server name → count. */
    static Map<String, Integer> count(int port, int n) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Http.Response r = Http.get(port, "x", "/");
            assertEquals(200, r.status(), r.toString());
            counts.merge(r.server(), 1, Integer::sum);
        }
        return counts;
    }
}

package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/**
 * Graceful reloads drop nothing: clients keep sending (a new connection per request) while 20 tables
 * that each need a reload are applied; every request must succeed, and each new table must serve as
 * soon as apply returns.
 */
class ReloadUnderLoadTest {

    private static final int CLIENTS = 6;
    private static final int TABLES = 20;

    @Test
    void twentyReloadsUnderLoadDropNoRequest() throws Exception {
        try (Fixture fixture = new Fixture()) {
            NginxRouter router = fixture.router();
            Backend a = fixture.backend("a");
            Backend b = fixture.backend("b");
            Backend c = fixture.backend("c");
            int port = freePort();
            int[] others = {freePort(), freePort()};
            router.apply("load", table(0, port, others, a, b, c));

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                clients.add(pool.submit(() -> {
                    while (running.get()) {
                        try {
                            Http.Response r = Http.get(port, "stable.test", "/");
                            if (r.status() == 200 && (r.body().equals("a") || r.body().equals("b"))) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                failures.merge("HTTP " + r.status() + " " + r.body(), 1, Integer::sum);
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            failures.merge(e.toString(), 1, Integer::sum);
                        }
                    }
                }));
            }
            long start = System.nanoTime();
            try {
                for (int i = 1; i <= TABLES; i++) {
                    ApplyResult result = router.apply("load", table(i, port, others, a, b, c));
                    assertTrue(result.changed() && result.reloaded(), result.toString());
                    // served as soon as apply returns
                    assertEquals("c", Http.body(port, "extra-" + i + ".test"));
                    assertEquals(404, Http.get(port, "extra-" + (i - 1) + ".test", "/").status());
                    assertEquals("c", Http.body(others[i % 2], "odd.test"));
                    int moved = others[(i + 1) % 2];
                    assertThrows(UncheckedIOException.class, () -> Http.get(moved, "odd.test", "/"), "closed");
                }
            } finally {
                running.set(false);
                pool.shutdown();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("reload under load: %d reloads in %d ms, %d clients, %d requests succeeded, %d failed %s%n",
                    TABLES, millis, CLIENTS, ok.get(), failed.get(), failures);
            assertEquals(0, failed.get(), failures.toString());
            assertTrue(ok.get() >= 100, "only " + ok.get() + " requests were sent during the reloads");
        }
    }

    /** Table {@code i}: the stable site, a site whose host name changes every time, a listener that moves. */
    private static RoutingTable table(int i, int port, int[] others, Backend a, Backend b, Backend c) {
        List<Frontend> sites = new ArrayList<>(List.of(
                site("stable", port, List.of("stable.test"), a, b),
                site("extra", port, List.of("extra-" + i + ".test"), c)));
        sites.add(site("odd", others[i % 2], List.of("odd.test"), c));
        return new RoutingTable(sites);
    }
}

package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/** Reloads under continuous load drop no request. */
class ReloadUnderLoadTest {

    private static final int CLIENTS = 6;
    private static final int TABLES = 20;

    @Test
    void twentyReloadsUnderLoadDropNothing() throws Exception {
        try (Fixture fx = new Fixture()) {
            Backend a = fx.backend("a");
            Backend b = fx.backend("b");
            int port = Fixture.freePort();
            int[] extra = {Fixture.freePort(), Fixture.freePort()};
            fx.router.apply("load", table(port, extra[0], 0, a, b));
            List<Long> firstWorkers = fx.currentWorkers("load");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    while (running.get()) {
                        try {
                            Http.Response r = Http.get(port, "load.example", "/");
                            if (r.status() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add("status " + r.status());
                            }
                        } catch (IOException e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            int reloads = 0;
            long start = System.nanoTime();
            try {
                for (int i = 1; i <= TABLES; i++) {
                    ApplyResult r = fx.router.apply("load", table(port, extra[i % 2], i, a, b));
                    assertTrue(r.reloaded(), r.message());
                    reloads++;
                }
            } finally {
                running.set(false);
                pool.shutdown();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("reload under load: %d reloads in %d ms, %d requests answered 200, %d failed%n",
                    reloads, ms, ok.get(), failures.size());
            assertEquals(List.of(), new ArrayList<>(failures));
            assertEquals(TABLES, reloads);
            assertTrue(ok.get() > TABLES * 5, "too little load to mean anything: " + ok.get());
            assertTrue(!fx.currentWorkers("load").equals(firstWorkers));
        }
    }

    private static RoutingTable table(int port, int extraPort, int i, Backend a, Backend b) {
        return Fixture.table(Fixture.site("web", port, List.of("load.example"), a, b),
                Fixture.site("extra", extraPort, List.of("h" + i + ".example"), a));
    }
}

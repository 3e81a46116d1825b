package org.atoll.kernel.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints durable commits per second, one committer and eight; it measures, it does not judge. */
class EmbeddedStoreThroughputTest {

    static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dir;

    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void printCommitThroughput() throws Exception {
        try (EmbeddedStateStore store = EmbeddedStateStore.open(dir, executor)) {
            byte[] value = new byte[200];
            long sequential = run(store, 1, value);
            long concurrent = run(store, 8, value);
            System.out.printf("Throughput on this machine (200-byte values, each commit forced to disk):"
                    + " sequential %d commits/s, 8 threads %d commits/s (group commit)%n", sequential, concurrent);
            assertEquals(store.revision(), store.list("/tp/").stream().mapToLong(kv -> kv.version()).sum());
        }
    }

    private static long run(EmbeddedStateStore store, int threads, byte[] value) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long end = System.nanoTime() + MEASURE_NANOS;
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "/tp/" + threads + "/" + t;
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() - end < 0) {
                        store.put(key, value);
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get(60, TimeUnit.SECONDS);
            }
            return total * TimeUnit.SECONDS.toNanos(1) / (System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline: the only way tests wait. */
final class Waits {

    private Waits() {
    }

    static void until(Duration deadline, String what, Supplier<Boolean> condition) {
        long end = System.nanoTime() + deadline.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > end) {
                fail("not within " + deadline.toMillis() + " ms: " + what
                        + (last == null ? "" : " (last failure: " + last + ")"), last);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}

package org.atoll.plugin.etcd.internal;

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
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** Retries {@code action} until it returns without throwing. */
    static <T> T eventually(Duration deadline, String what, Supplier<T> action) {
        Object[] result = new Object[1];
        until(deadline, what, () -> {
            result[0] = action.get();
            return true;
        });
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }
}

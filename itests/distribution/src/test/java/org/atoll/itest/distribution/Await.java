package org.atoll.itest.distribution;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls until a probe returns a value or a deadline passes. The only way these tests wait. */
final class Await {

    private Await() {
    }

    /** Polls {@code probe} every {@code every} until it returns non-null; a throwing probe means "not yet". */
    static <T> T until(String what, Duration timeout, Duration every, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : "; last: " + last));
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}

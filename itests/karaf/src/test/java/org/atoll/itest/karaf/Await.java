package org.atoll.itest.karaf;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes. The only way these tests wait. */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Polls {@code probe} until it returns a non-null value, and returns that value. A probe that
     * throws counts as "not yet"; the last value or exception is in the failure message.
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable lastFailure = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
                lastFailure = null;
            } catch (Exception | AssertionError e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure), lastFailure);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Polls until {@code condition} is true. */
    static void until(String what, Duration timeout, Check condition) {
        until(what, timeout, () -> condition.holds() ? Boolean.TRUE : null);
    }

    static void until(String what, Check condition) {
        until(what, DEFAULT, condition);
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }
}

package org.atoll.plugin.postgresql.internal;

import java.time.Duration;

import org.atoll.spi.ProviderException;

/** The time one operation may still take. Every wait in this plugin polls against one of these. */
final class Deadline {

    private final Duration total;
    private final long end;

    private Deadline(Duration total) {
        this.total = total;
        this.end = System.nanoTime() + total.toNanos();
    }

    static Deadline in(Duration total) {
        return new Deadline(total);
    }

    Duration total() {
        return total;
    }

    boolean expired() {
        return System.nanoTime() - end >= 0;
    }

    long remainingMillis() {
        return Math.max(0, (end - System.nanoTime()) / 1_000_000);
    }

    /** Whole seconds left, at least 1: for driver timeouts, which count in seconds. */
    int remainingSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remainingMillis() + 999) / 1000));
    }

    /** Waits {@code millis} or until the deadline, whichever comes first, between two polls. */
    void pause(long millis) {
        long ms = Math.min(millis, remainingMillis());
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted", true, e);
        }
    }
}

package org.atoll.plugin.nginx.internal;

import java.time.Duration;

/** A point in time an operation must finish by; polls sleep briefly and never past it. */
record Deadline(long endNanos) {

    static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** Sleeps {@code millis} or until the deadline, whichever comes first; false when interrupted. */
    boolean pause(long millis) {
        long ms = Math.min(millis, remaining().toMillis());
        if (ms <= 0) {
            return true;
        }
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package org.atoll.kernel.internal.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Remembers failed steps and when each may be tried again: exponential from one second, doubled per
 * failure with up to 20 % jitter, capped; a non-retryable failure waits the cap at once.
 */
final class Backoff {

    record Failure(int attempts, Instant next, String message, boolean retryable) {
    }

    private final Duration max;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    Backoff(Duration max) {
        this.max = max;
    }

    boolean due(String key, Instant now) {
        Failure f = failures.get(key);
        return f == null || !now.isBefore(f.next());
    }

    /** Records a failure; returns true when the message differs from the last one (worth logging). */
    boolean failed(String key, String message, boolean retryable, Instant now) {
        Failure previous = failures.get(key);
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        long base = retryable ? Math.min(max.toMillis(), 1000L << Math.min(attempts - 1, 20)) : max.toMillis();
        long delay = base + (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        failures.put(key, new Failure(attempts, now.plusMillis(Math.min(delay, max.toMillis())), message, retryable));
        return previous == null || !previous.message().equals(message);
    }

    void succeeded(String key) {
        failures.remove(key);
    }

    Optional<Failure> get(String key) {
        return Optional.ofNullable(failures.get(key));
    }

    /** The earliest time a failed step is due, if any failed step is waiting. */
    Optional<Instant> nextDue() {
        return failures.values().stream().map(Failure::next).min(Instant::compareTo);
    }

    void retainOnly(java.util.Set<String> keys) {
        failures.keySet().retainAll(keys);
    }
}

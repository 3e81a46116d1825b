package org.atoll.kernel.internal.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an {@link EmbeddedStateStore}.
 *
 * @param compactionThresholdBytes the log size that triggers a snapshot; the log must also have
 *                                 outgrown the last snapshot, so a large store is not rewritten
 *                                 for every few writes
 * @param historyRevisions         revisions kept in memory for watches that start in the past
 * @param historyBytes             bound on the memory those revisions may use
 * @param leaseCheckPeriod         how often expired leases are looked for (the expiry precision)
 * @param requestTimeout           how long a call waits for the writer before giving up with a
 *                                 retryable error (the write may still happen)
 */
public record StoreOptions(long compactionThresholdBytes, int historyRevisions, long historyBytes,
        Duration leaseCheckPeriod, Duration requestTimeout) {

    public StoreOptions {
        Objects.requireNonNull(leaseCheckPeriod, "leaseCheckPeriod");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (compactionThresholdBytes < 1 || historyRevisions < 1 || historyBytes < 1
                || leaseCheckPeriod.toMillis() < 1 || requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("store options must be positive: " + compactionThresholdBytes + ", "
                    + historyRevisions + ", " + historyBytes + ", " + leaseCheckPeriod + ", " + requestTimeout);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(64L << 20, 10_000, 64L << 20, Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    public StoreOptions withCompactionThresholdBytes(long bytes) {
        return new StoreOptions(bytes, historyRevisions, historyBytes, leaseCheckPeriod, requestTimeout);
    }

    public StoreOptions withHistoryRevisions(int revisions) {
        return new StoreOptions(compactionThresholdBytes, revisions, historyBytes, leaseCheckPeriod, requestTimeout);
    }

    public StoreOptions withHistoryBytes(long bytes) {
        return new StoreOptions(compactionThresholdBytes, historyRevisions, bytes, leaseCheckPeriod, requestTimeout);
    }

    public StoreOptions withLeaseCheckPeriod(Duration period) {
        return new StoreOptions(compactionThresholdBytes, historyRevisions, historyBytes, period, requestTimeout);
    }

    public StoreOptions withRequestTimeout(Duration timeout) {
        return new StoreOptions(compactionThresholdBytes, historyRevisions, historyBytes, leaseCheckPeriod, timeout);
    }
}

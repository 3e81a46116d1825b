package org.atoll.kernel.internal.reconcile;

import org.atoll.spi.backend.BackendInstance;

/**
 * What the reconciler last saw of a desired instance and why it is not as desired, for {@code ps}.
 *
 * @param id       the instance id
 * @param observed what the backend reported; null if it has no such instance
 * @param problem  the last failure of a step on it, or empty
 * @param attempts how many times in a row that step failed
 * @param retryable whether the failure may go away by itself (false: it needs a change)
 */
public record InstanceReport(String id, BackendInstance observed, String problem, int attempts, boolean retryable) {
}

package org.atoll.kernel.internal.reconcile;

import java.time.Duration;

/**
 * What happens before an instance that is going away is stopped: it is withdrawn from discovery, so
 * that load balancers following it stop sending it new requests while it still answers the ones it
 * has.
 */
@FunctionalInterface
public interface Drain {

    /** Nothing to withdraw. */
    Drain NONE = id -> Duration.ZERO;

    /**
     * Withdraws instance {@code id} and says how long to let followers react before it is stopped;
     * zero when nothing followed it.
     */
    Duration beforeStop(String id);
}

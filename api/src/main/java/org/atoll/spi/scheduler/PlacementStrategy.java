package org.atoll.spi.scheduler;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which node each instance runs on.
 *
 * <p>Contract: {@link #place} is a pure function of its request: it does not block, keeps no
 * state between calls, and gives the same answer for the same request. It never moves existing
 * placements; it assigns each unit a node, or gives the reason it cannot.
 */
@ConsumerType
public interface PlacementStrategy extends Provider {

    PlacementResult place(PlacementRequest request);
}

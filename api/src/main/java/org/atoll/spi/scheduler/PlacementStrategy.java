package org.atoll.spi.scheduler;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which node each instance runs on.
 *
 * <p>Contract: {@link #place} is a pure function of its request: it does not block, keeps no
 * state between calls, and gives the same answer for the same request. It never moves existing
 * placements; it assigns each unit a node, or gives the reason it cannot. A zero dimension of a
 * node's capacity is not limited; a zero dimension of a request uses nothing.
 */
@ConsumerType
public interface PlacementStrategy extends Provider {

    /** Capability: fills the fullest node that still fits, keeping others free. */
    String CAP_BINPACK = "binpack";
    /** Capability: places on the least loaded node. */
    String CAP_SPREAD = "spread";
    /** Capability: honours {@link PlacementUnit#group()}. */
    String CAP_GROUPS = "groups";
    /** Capability: honours {@link PlacementUnit#maxPerNode()}. */
    String CAP_MAX_PER_NODE = "max-per-node";
    /** Capability: honours {@link PlacementUnit#allowedNodes()}. */
    String CAP_ALLOWED_NODES = "allowed-nodes";

    PlacementResult place(PlacementRequest request);
}

package org.atoll.spi.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * What to place, where it may go and what is placed already.
 *
 * @param units    the instances to place
 * @param nodes    the nodes that are up, with what they offer
 * @param existing instances already placed (they use capacity)
 */
@ProviderType
public record PlacementRequest(List<PlacementUnit> units, List<NodeCapacity> nodes, List<Placement> existing) {
    public PlacementRequest {
        units = units == null ? List.of() : List.copyOf(units);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        existing = existing == null ? List.of() : List.copyOf(existing);
    }
}

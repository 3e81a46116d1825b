package org.atoll.spi.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

import org.atoll.api.model.Resources;

/**
 * One instance to place.
 *
 * @param id           the instance id
 * @param group        units (and existing placements) of the same non-null group go on the same node
 * @param maxPerNode   at most this many units of the same {@code spreadKey} per node; 0 = no limit
 * @param spreadKey    what {@code maxPerNode} counts (the service or job); null = {@code maxPerNode} does not apply
 * @param resources    what it asks for
 * @param allowedNodes the nodes it may go on; empty = any
 */
@ProviderType
public record PlacementUnit(String id, String group, int maxPerNode, String spreadKey, Resources resources,
        List<String> allowedNodes) {
    public PlacementUnit {
        resources = resources == null ? Resources.NONE : resources;
        allowedNodes = allowedNodes == null ? List.of() : List.copyOf(allowedNodes);
    }
}

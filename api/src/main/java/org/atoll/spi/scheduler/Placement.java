package org.atoll.spi.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import org.atoll.api.model.Resources;

/**
 * An instance placed on a node.
 *
 * @param id        the instance id
 * @param node      the node
 * @param group     its group, or null
 * @param spreadKey what it counts towards for {@link PlacementUnit#maxPerNode()}, or null
 * @param resources what it uses
 */
@ProviderType
public record Placement(String id, String node, String group, String spreadKey, Resources resources) {
    public Placement {
        resources = resources == null ? Resources.NONE : resources;
    }
}

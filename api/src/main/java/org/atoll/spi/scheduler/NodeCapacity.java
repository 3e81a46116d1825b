package org.atoll.spi.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import org.atoll.api.model.Resources;

/**
 * A node that can take instances.
 *
 * @param node     its name
 * @param capacity what it offers in all; a zero dimension means not limited
 */
@ProviderType
public record NodeCapacity(String node, Resources capacity) {
    public NodeCapacity {
        capacity = capacity == null ? Resources.NONE : capacity;
    }
}

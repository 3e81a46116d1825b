package org.atoll.spi.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Map;

/**
 * A strategy's answer.
 *
 * @param assignments unit id → node, for every unit that could be placed
 * @param unplaced    unit id → why it could not be placed ({@code "no node has 512 MiB free"})
 */
@ProviderType
public record PlacementResult(Map<String, String> assignments, Map<String, String> unplaced) {
    public PlacementResult {
        assignments = Map.copyOf(assignments);
        unplaced = Map.copyOf(unplaced);
    }

    public boolean complete() {
        return unplaced.isEmpty();
    }
}

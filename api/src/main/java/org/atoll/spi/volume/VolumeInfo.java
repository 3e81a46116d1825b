package org.atoll.spi.volume;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A volume as its store sees it on this node.
 *
 * @param name      its name
 * @param owner     the node that owns it
 * @param owned     whether this node owns it (may write)
 * @param snapshots its snapshots, oldest first
 * @param usedBytes bytes used
 */
@ProviderType
public record VolumeInfo(String name, String owner, boolean owned, List<String> snapshots, long usedBytes) {
    public VolumeInfo {
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    }
}

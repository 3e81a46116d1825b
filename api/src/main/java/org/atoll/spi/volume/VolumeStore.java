package org.atoll.spi.volume;

import java.nio.file.Path;
import java.util.List;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps named volumes and moves them between nodes with their services.
 *
 * <p>Contract: every operation is idempotent and blocking with the provider's timeout. Exactly one
 * node owns a volume and may write it; other nodes may hold read-only copies. A move is
 * {@link #send} (repeatable, incremental, while the service still runs) followed by
 * {@link #handoff} (a short final send after the service stopped, then ownership changes). After a
 * kernel restart the provider reports the volumes it has; an interrupted handoff is completed or
 * rolled back so that exactly one node owns the volume.
 */
@ConsumerType
public interface VolumeStore extends Provider {

    /** Capability: {@link #send} can be incremental. */
    String CAP_INCREMENTAL = "incremental";

    VolumeInfo create(String name);

    /** Takes a snapshot named {@code snapshot} of the volume. */
    void snapshot(String name, String snapshot);

    /** Copies the volume up to its latest snapshot to {@code targetNode}, incrementally when it can. */
    void send(String name, String targetNode);

    /** Makes {@code targetNode} the owner after a final send; the old owner's copy becomes read-only. */
    void handoff(String name, String targetNode);

    /** Where the volume is mounted on this node, for bind-mounting into a container. */
    Path mountPath(String name);

    void delete(String name);

    List<VolumeInfo> list();
}

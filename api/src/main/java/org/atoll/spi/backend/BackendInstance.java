package org.atoll.spi.backend;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An instance as a backend sees it.
 *
 * @param id        the Atoll instance id
 * @param node      the node it runs on
 * @param ref       the backend's own id for it (a container id)
 * @param state     its state
 * @param image     the image it runs
 * @param address   its address on the node's container network; null if none
 * @param ports     container port → published host port
 * @param startedAt when it last started; null if never
 * @param message   why it is not running, for operators; empty otherwise
 */
@ProviderType
public record BackendInstance(String id, String node, String ref, InstanceState state, String image, String address,
        Map<Integer, Integer> ports, Instant startedAt, String message) {

    public BackendInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        ports = ports == null ? Map.of() : Map.copyOf(ports);
        message = message == null ? "" : message;
    }
}

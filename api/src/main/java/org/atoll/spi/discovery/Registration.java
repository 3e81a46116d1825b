package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Objects;

import org.atoll.api.model.CheckSpec;

/**
 * One published service endpoint.
 *
 * @param id          unique: {@code <instance-id>:<port>} for instances, the name for published
 *                    services; letters, digits, {@code . - :} only
 * @param name        the service name, a DNS label
 * @param environment the deployment (etcd key layout {@code /services/<environment>/…})
 * @param node        the node that hosts it
 * @param address     the address clients connect to
 * @param hostPort    the port clients connect to
 * @param port        the port inside the container
 * @param proto       {@code tcp} or {@code udp}
 * @param image       the image, for display; may be empty
 * @param tags        free tags
 * @param checks      checks whose results make the endpoint healthy or not; their targets are
 *                    absolute and already validated by the kernel: {@code ADDRESS:PORT} for tcp,
 *                    {@code http://ADDRESS:PORT/PATH} for http
 */
@ProviderType
public record Registration(String id, String name, String environment, String node, String address, int hostPort,
        int port, String proto, String image, List<String> tags, List<CheckSpec> checks) {
    public Registration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        tags = tags == null ? List.of() : List.copyOf(tags);
        checks = checks == null ? List.of() : List.copyOf(checks);
        proto = proto == null ? "tcp" : proto;
        image = image == null ? "" : image;
    }
}

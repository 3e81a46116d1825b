package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A load balancer in front of the instances of one application.
 *
 * @param name      a DNS label; generated when the user gives none
 * @param kind      {@code haproxy} or {@code nginx}
 * @param node      the node it runs on
 * @param url       the host name it answers for; null = any
 * @param mode      balancing mode: haproxy {@code roundrobin|leastconn|source}, nginx
 *                  {@code default|least_conn|ip_hash}
 * @param backends  {@code name:ip:port} (haproxy), {@code ip:port} (nginx) or {@code service:NAME}
 *                  to follow a discovered service
 * @param tls       TLS for the frontend; null = plain
 * @param workers   worker processes; 0 = the daemon's default
 * @param resolvers DNS resolvers ({@code ip[:port]}) for backends given by name
 * @param address   the address it listens on, on its node (its own, as a container's IP); null = not yet assigned
 * @param published its ports forwarded on its node's address
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ProviderType
public record LoadBalancer(String name, String kind, String node, String url, String mode, List<String> backends,
        TlsSpec tls, int workers, List<String> resolvers, String address, List<PublishedPort> published) {
    public LoadBalancer {
        backends = Copies.list(backends);
        resolvers = Copies.list(resolvers);
        published = Copies.list(published);
    }

    /** A load balancer without an address yet and nothing published. */
    public LoadBalancer(String name, String kind, String node, String url, String mode, List<String> backends,
            TlsSpec tls, int workers, List<String> resolvers) {
        this(name, kind, node, url, mode, backends, tls, workers, resolvers, null, List.of());
    }
}

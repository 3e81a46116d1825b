package org.atoll.kernel.internal.discovery;

import java.util.List;

import org.atoll.api.model.CheckSpec;

/**
 * A service Atoll did not start, published with {@code service-publish}; the node that published it
 * keeps it registered.
 *
 * @param name        a DNS label
 * @param environment the environment it is listed under
 * @param node        the node that keeps it registered
 * @param address     an IP address or DNS name
 * @param port        its port
 * @param checks      checks published for it with {@code check-publish}
 */
public record PublishedService(String name, String environment, String node, String address, int port,
        List<CheckSpec> checks) {
    public PublishedService {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    PublishedService withChecks(List<CheckSpec> newChecks) {
        return new PublishedService(name, environment, node, address, port, newChecks);
    }
}

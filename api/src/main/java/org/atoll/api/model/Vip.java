package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A floating IP address held by one of several nodes at a time.
 *
 * @param name    a DNS label; generated when the user gives none
 * @param address the floating IPv4 address, in the nodes' subnet
 * @param nodes   the nodes that may hold it, in priority order (the first is the master)
 */
@ProviderType
public record Vip(String name, String address, List<String> nodes) {
    public Vip {
        nodes = Copies.list(nodes);
    }
}

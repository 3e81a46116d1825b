package org.atoll.spi.ha;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A floating address.
 *
 * @param name         a DNS label
 * @param address      the IPv4 address
 * @param prefixLength its subnet's prefix length
 * @param nodes        the nodes that may hold it, highest priority first
 * @param routerId     the VRRP router id, 1–255, unique on the network
 */
@ProviderType
public record VipSpec(String name, String address, int prefixLength, List<String> nodes, int routerId) {
    public VipSpec {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}

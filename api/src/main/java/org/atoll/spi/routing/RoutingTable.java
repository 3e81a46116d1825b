package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/** Everything one proxy serves. */
@ProviderType
public record RoutingTable(List<Frontend> frontends) {
    public RoutingTable {
        frontends = frontends == null ? List.of() : List.copyOf(frontends);
    }
}

package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * Everything one proxy serves.
 *
 * @param frontends the sites, in a stable order
 * @param workers   worker processes (nginx) or threads (haproxy); 0 = the daemon's default
 * @param resolvers DNS servers ({@code ip} or {@code ip:port}) for backends given by name; empty = the
 *                  host's resolver, at configuration time only
 */
@ProviderType
public record RoutingTable(List<Frontend> frontends, int workers, List<String> resolvers) {
    public RoutingTable {
        frontends = frontends == null ? List.of() : List.copyOf(frontends);
        resolvers = resolvers == null ? List.of() : List.copyOf(resolvers);
    }

    /** A table with the daemon's default workers and resolvers. */
    public RoutingTable(List<Frontend> frontends) {
        this(frontends, 0, List.of());
    }
}

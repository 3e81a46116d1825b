package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Map;

import org.atoll.api.model.TlsSpec;

/**
 * One listening port and what it forwards to.
 *
 * @param name      a DNS label, unique in the table
 * @param port      the port to listen on
 * @param hostnames host names this frontend answers for; empty = any (plain TCP or a default site)
 * @param mode      the balancing mode (haproxy roundrobin|leastconn|source, nginx default|least_conn|ip_hash)
 * @param tls       TLS; null = plain
 * @param backends  the servers to forward to
 * @param auth      HTTP digest users → password (secrets: never logged); empty = no authentication
 */
@ProviderType
public record Frontend(String name, int port, List<String> hostnames, String mode, TlsSpec tls,
        List<BackendServer> backends, Map<String, String> auth) {
    public Frontend {
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        backends = backends == null ? List.of() : List.copyOf(backends);
        auth = auth == null ? Map.of() : Map.copyOf(auth);
    }

    @Override
    public String toString() {
        return "Frontend[" + name + ":" + port + ", " + backends.size() + " backends, auth users=" + auth.keySet() + "]";
    }
}

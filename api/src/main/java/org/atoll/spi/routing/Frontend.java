package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Map;

import org.atoll.api.model.TlsSpec;

/**
 * One site a proxy serves: a listening address and port, the host names it answers for there, and
 * the servers it forwards to. Frontends with the same address and port share one listener and are
 * told apart by the request's host name (HTTP {@code Host}, and SNI under TLS).
 *
 * @param name      a DNS label, unique in the table
 * @param address   the IP address to listen on; null or empty = every address of the host
 * @param port      the port to listen on
 * @param hostnames host names this frontend answers for; empty = the listener's default site
 * @param mode      the balancing mode (haproxy roundrobin|leastconn|source, nginx default|least_conn|ip_hash);
 *                  null = the router's default (round robin)
 * @param tls       TLS; null = plain. {@code certificate} and {@code key} are readable PEM files the
 *                  kernel owns; {@code selfSigned} is only informative here
 * @param backends  the servers to forward to; empty = the site answers 503
 * @param auth      HTTP digest users → password (secrets: never logged); empty = no authentication
 */
@ProviderType
public record Frontend(String name, String address, int port, List<String> hostnames, String mode, TlsSpec tls,
        List<BackendServer> backends, Map<String, String> auth) {
    public Frontend {
        address = address == null || address.isEmpty() ? null : address;
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        backends = backends == null ? List.of() : List.copyOf(backends);
        auth = auth == null ? Map.of() : Map.copyOf(auth);
    }

    /** A frontend on every address of the host. */
    public Frontend(String name, int port, List<String> hostnames, String mode, TlsSpec tls,
            List<BackendServer> backends, Map<String, String> auth) {
        this(name, null, port, hostnames, mode, tls, backends, auth);
    }

    /** The same frontend with other servers. */
    public Frontend withBackends(List<BackendServer> servers) {
        return new Frontend(name, address, port, hostnames, mode, tls, servers, auth);
    }

    @Override
    public String toString() {
        return "Frontend[" + name + " " + (address == null ? "*" : address) + ":" + port + " " + hostnames + ", "
                + backends.size() + " backends, auth users=" + auth.keySet() + "]";
    }
}

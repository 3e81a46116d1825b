package org.atoll.kernel.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.atoll.api.model.LoadBalancer;
import org.atoll.api.model.PublishedApp;
import org.atoll.api.model.PublishedPort;
import org.atoll.api.model.TlsSpec;
import org.atoll.api.model.Webserver;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;

/**
 * Builds the routing table of a proxy from its stored record and what discovery reports: pure, so
 * that the same inputs always give the same table and routers can tell a change of servers from a
 * change of sites.
 */
final class Tables {

    static final int HTTP = 80;
    static final int HTTPS = 443;
    static final String SERVICE = "service:";

    /**
     * What a table is built from besides the record.
     *
     * @param endpoints      the healthy endpoints of a discovered name in an environment (null = any)
     * @param tlsFiles       the files of a TLS secret, by secret name; null when not materialised
     * @param publishAddress where published ports listen
     */
    record Inputs(BiFunction<String, String, List<Endpoint>> endpoints, Function<String, TlsSpec> tlsFiles,
            String publishAddress) {
    }

    private Tables() {
    }

    static RoutingTable of(LoadBalancer lb, Inputs in) {
        List<BackendServer> servers = servers(lb.backends(), in);
        List<String> hosts = lb.url() == null ? List.of() : List.of(lb.url());
        List<Frontend> out = new ArrayList<>();
        out.add(new Frontend(lb.name(), lb.address(), HTTP, hosts, lb.mode(), null, servers, Map.of()));
        TlsSpec tls = lb.tls() == null ? null : in.tlsFiles().apply(Secrets.tlsOfLoadBalancer(lb.name()));
        if (tls != null) {
            out.add(new Frontend(lb.name() + "-tls", lb.address(), HTTPS, hosts, lb.mode(), tls, servers, Map.of()));
        }
        return new RoutingTable(withPublished(out, lb.published(), in.publishAddress()), lb.workers(), lb.resolvers());
    }

    static RoutingTable of(Webserver ws, Inputs in) {
        List<Frontend> out = new ArrayList<>();
        for (PublishedApp app : ws.apps()) {
            String site = Labels.of("site-", app.url());
            List<BackendServer> servers = servers(List.of(app.backend()), in);
            out.add(new Frontend(site, ws.address(), HTTP, List.of(app.url()), null, null, servers, Map.of()));
            TlsSpec tls = app.tls() == null ? null : in.tlsFiles().apply(Secrets.tlsOfApp(ws.name(), app.url()));
            if (tls != null) {
                out.add(new Frontend(Labels.of("tls-", app.url()), ws.address(), HTTPS, List.of(app.url()), null, tls,
                        servers, Map.of()));
            }
        }
        return new RoutingTable(withPublished(out, ws.published(), in.publishAddress()));
    }

    /**
     * The routing domains of every deployment, on one listener.
     *
     * @param passwords per domain: user → password
     */
    static RoutingTable ofDomains(List<DomainSet> sets, Map<String, Map<String, String>> passwords, String address,
            int port, Inputs in) {
        Map<String, Frontend> out = new LinkedHashMap<>();
        for (DomainSet set : sets) {
            for (DomainSet.Entry d : set.domains()) {
                List<BackendServer> servers = discovered(in.endpoints().apply(d.service(), set.deployment()));
                out.put(d.name(), new Frontend(Labels.of("d-", d.name()), address, port, List.of(d.name()), null, null,
                        servers, passwords.getOrDefault(d.name(), Map.of())));
            }
        }
        return new RoutingTable(List.copyOf(out.values()));
    }

    private static List<Frontend> withPublished(List<Frontend> own, List<PublishedPort> published, String address) {
        List<Frontend> out = new ArrayList<>(own);
        for (PublishedPort p : published) {
            for (Frontend f : own) {
                if (f.port() == p.port()) {
                    out.add(new Frontend(f.name() + "-p" + p.hostPort(), address, p.hostPort(), f.hostnames(), f.mode(),
                            f.tls(), f.backends(), f.auth()));
                }
            }
        }
        return out;
    }

    /** The servers of a list of backends: static ones as given, {@code service:NAME} as discovered. */
    static List<BackendServer> servers(List<String> backends, Inputs in) {
        Map<String, BackendServer> out = new LinkedHashMap<>();
        for (String b : backends) {
            if (b.startsWith(SERVICE)) {
                discovered(in.endpoints().apply(b.substring(SERVICE.length()), null)).forEach(s -> out.putIfAbsent(s.name(), s));
                continue;
            }
            BackendServer s = fixed(b);
            out.putIfAbsent(s.name(), s);
        }
        return List.copyOf(out.values());
    }

    /** {@code name:host:port} or {@code host:port} ({@code [v6]:port} too). */
    static BackendServer fixed(String backend) {
        int last = backend.lastIndexOf(':');
        int port = Integer.parseInt(backend.substring(last + 1));
        String rest = backend.substring(0, last);
        String name = null;
        if (!rest.startsWith("[")) {
            int first = rest.indexOf(':');
            if (first > 0 && rest.indexOf(':', first + 1) < 0 && rest.substring(0, first).matches("[a-z][a-z0-9-]*")) {
                name = rest.substring(0, first);
                rest = rest.substring(first + 1);
            }
        }
        String host = rest.startsWith("[") && rest.endsWith("]") ? rest.substring(1, rest.length() - 1) : rest;
        return new BackendServer(name != null ? name : Labels.of("s-", host + "-" + port), host, port);
    }

    private static List<BackendServer> discovered(List<Endpoint> endpoints) {
        List<BackendServer> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.healthy()) {
                out.add(new BackendServer(Labels.of("e-", e.registrationId()), e.address(), e.port()));
            }
        }
        out.sort(java.util.Comparator.comparing(BackendServer::name));
        return out;
    }
}

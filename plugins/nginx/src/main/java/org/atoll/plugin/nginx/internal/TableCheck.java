package org.atoll.plugin.nginx.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;

/**
 * Turns a routing table into a {@link Plan}, refusing (permanently, naming the field) anything that is
 * not on an allow-list or that breaks the table's rules: unique names, one default site and one TLS
 * setting per listener, a host name on at most one frontend of a listener, no digest authentication.
 */
final class TableCheck {

    static final int MAX_WORKERS = 64;
    /** nginx's balancing modes; null is round robin. */
    static final Set<String> MODES = Set.of("default", "least_conn", "ip_hash");

    private final Map<String, Pem> files = new LinkedHashMap<>();
    private final Map<String, String> origins = new HashMap<>();

    private TableCheck() {
    }

    static Plan check(RoutingTable table) {
        return new TableCheck().plan(table);
    }

    private Plan plan(RoutingTable table) {
        if (table == null) {
            throw new ProviderException("table: missing", false);
        }
        if (table.workers() < 0 || table.workers() > MAX_WORKERS) {
            throw new ProviderException("workers: " + table.workers() + " is not between 0 and " + MAX_WORKERS, false);
        }
        List<String> resolvers = new ArrayList<>();
        for (int i = 0; i < table.resolvers().size(); i++) {
            resolvers.add(Values.resolver("resolvers[" + i + "]", table.resolvers().get(i)));
        }
        Map<String, List<Plan.Site>> sitesByListener = new LinkedHashMap<>();
        Map<String, Plan.Listener> listeners = new LinkedHashMap<>();
        Map<String, String> tlsOwner = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < table.frontends().size(); i++) {
            Frontend f = table.frontends().get(i);
            if (f == null) {
                throw new ProviderException("frontends[" + i + "]: missing", false);
            }
            String name = Values.label("frontends[" + i + "].name", f.name());
            String at = "frontends[" + name + "]";
            if (!names.add(name)) {
                throw new ProviderException(at + ".name: another frontend has this name", false);
            }
            Address address = f.address() == null ? null : Values.address(at + ".address", f.address());
            int port = Values.port(at + ".port", f.port());
            Plan.Site site = site(at, f);
            String key = (address == null ? "*" : address.canonical()) + ":" + port;
            Plan.Listener known = listeners.get(key);
            if (known == null) {
                listeners.put(key, new Plan.Listener(address, port, f.tls() != null, List.of()));
                sitesByListener.put(key, new ArrayList<>());
                tlsOwner.put(key, name);
            } else if (known.tls() != (f.tls() != null)) {
                throw new ProviderException(at + ".tls: listener " + known.describe() + " mixes TLS and plain"
                        + " frontends (frontend " + tlsOwner.get(key) + " is " + (known.tls() ? "TLS" : "plain")
                        + ")", false);
            }
            Plan.Listener listener = listeners.get(key);
            List<Plan.Site> sites = sitesByListener.get(key);
            clash(at, f, site, listener, sites);
            sites.add(site);
        }
        List<Plan.Listener> out = new ArrayList<>();
        for (Map.Entry<String, Plan.Listener> e : listeners.entrySet()) {
            Plan.Listener l = e.getValue();
            List<Plan.Site> sites = sitesByListener.get(e.getKey());
            overlap(l, sites.get(0).name(), listeners.keySet());
            out.add(new Plan.Listener(l.address(), l.port(), l.tls(), List.copyOf(sites)));
        }
        return new Plan(table.workers() == 0 ? 1 : table.workers(), List.copyOf(resolvers), List.copyOf(out),
                Map.copyOf(files), Map.copyOf(origins));
    }

    private Plan.Site site(String at, Frontend f) {
        List<String> hostnames = new ArrayList<>();
        for (int j = 0; j < f.hostnames().size(); j++) {
            String h = Values.hostname(at + ".hostnames[" + j + "]", f.hostnames().get(j), true);
            if (hostnames.contains(h)) {
                throw Values.invalid(at + ".hostnames[" + j + "]", h, "is listed twice");
            }
            hostnames.add(h);
        }
        String mode = f.mode();
        if (mode != null && !MODES.contains(mode)) {
            throw Values.invalid(at + ".mode", mode, "is not a balancing mode of nginx (default, least_conn, ip_hash)");
        }
        String certificate = null;
        String key = null;
        TlsSpec tls = f.tls();
        if (tls != null) {
            Pem c = Pem.read(at + ".tls.certificate", Values.path(at + ".tls.certificate", tls.certificate()),
                    Pem.CERTIFICATE);
            Pem k = Pem.read(at + ".tls.key", Values.path(at + ".tls.key", tls.key()), Pem.KEY);
            certificate = "certs/" + c.digest() + ".crt";
            key = "certs/" + k.digest() + ".key";
            files.put(certificate, c);
            files.put(key, k);
            origins.put(certificate, tls.certificate() + " (" + at + ".tls.certificate)");
            origins.put(key, tls.key() + " (" + at + ".tls.key)");
        }
        List<Plan.Server> servers = new ArrayList<>();
        Set<String> serverNames = new HashSet<>();
        for (int k = 0; k < f.backends().size(); k++) {
            BackendServer b = f.backends().get(k);
            if (b == null) {
                throw new ProviderException(at + ".backends[" + k + "]: missing", false);
            }
            String name = Values.label(at + ".backends[" + k + "].name", b.name());
            String bat = at + ".backends[" + name + "]";
            if (!serverNames.add(name)) {
                throw new ProviderException(bat + ".name: another server of this frontend has this name", false);
            }
            servers.add(new Plan.Server(name, Values.address(bat + ".address", b.address()),
                    Values.port(bat + ".port", b.port())));
        }
        if (!f.auth().isEmpty()) {
            throw new ProviderException(at + ".auth: nginx cannot do digest authentication; use a haproxy load"
                    + " balancer", false);
        }
        return new Plan.Site(f.name(), List.copyOf(hostnames), "default".equals(mode) ? null : mode, certificate, key,
                List.copyOf(servers));
    }

    /** One default site per listener, and each host name on one frontend of it. */
    private static void clash(String at, Frontend f, Plan.Site site, Plan.Listener listener, List<Plan.Site> sites) {
        for (Plan.Site other : sites) {
            if (site.hostnames().isEmpty() && other.hostnames().isEmpty()) {
                throw new ProviderException(at + ".hostnames: listener " + listener.describe() + " already has a"
                        + " default site (frontend " + other.name() + ")", false);
            }
            for (int j = 0; j < site.hostnames().size(); j++) {
                if (other.hostnames().contains(site.hostnames().get(j))) {
                    throw Values.invalid(at + ".hostnames[" + j + "]", f.hostnames().get(j), "is already served by"
                            + " frontend " + other.name() + " on listener " + listener.describe());
                }
            }
        }
    }

    /** 0.0.0.0:P and [::]:P are part of the all-addresses listener *:P. */
    private static void overlap(Plan.Listener l, String frontend, Set<String> keys) {
        if (l.address() != null && l.address().wildcard() && keys.contains("*:" + l.port())) {
            throw new ProviderException("frontends[" + frontend + "].address: listener " + l.describe()
                    + " overlaps listener *:" + l.port() + " (every address); use one of them", false);
        }
    }
}

package org.atoll.plugin.haproxy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;

/** Turns a routing table into a {@link Plan}, refusing (non-retryably, naming the field) what does not pass. */
final class TableCheck {

    private TableCheck() {
    }

    static Plan check(RoutingTable table) {
        if (table == null) {
            throw Checks.bad("table", "missing");
        }
        int workers = Checks.workers("workers", table.workers());
        List<String> nameservers = new ArrayList<>();
        for (int i = 0; i < table.resolvers().size(); i++) {
            String ns = Checks.resolver("resolvers[" + i + "]", table.resolvers().get(i));
            if (!nameservers.contains(ns)) {
                nameservers.add(ns);
            }
        }
        Map<String, List<Plan.Site>> sitesByListener = new LinkedHashMap<>();
        Map<String, Checks.Address> addresses = new HashMap<>();
        Map<String, Integer> ports = new HashMap<>();
        Map<String, Boolean> tls = new HashMap<>();
        Map<String, String> hostOwner = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < table.frontends().size(); i++) {
            Frontend f = table.frontends().get(i);
            if (f == null) {
                throw Checks.bad("frontends[" + i + "]", "missing");
            }
            String name = Checks.label("frontends[" + i + "].name", f.name());
            String at = "frontends[" + name + "]";
            if (!names.add(name)) {
                throw Checks.bad(at + ".name", "another frontend has this name");
            }
            Checks.Address address = f.address() == null ? null : Checks.address(at + ".address", f.address());
            int port = Checks.port(at + ".port", f.port());
            String key = (address == null ? "*" : address.text()) + " " + port;
            Plan.Site site = site(at, name, f);
            if (tls.containsKey(key) && tls.get(key) != (site.pem() != null)) {
                throw Checks.bad(at + ".tls", "the other frontends on " + key + " " + (tls.get(key) ? "use" : "do not use")
                        + " TLS: frontends sharing an address and port must agree");
            }
            List<Plan.Site> sites = sitesByListener.computeIfAbsent(key, k -> new ArrayList<>());
            if (site.isDefault() && sites.stream().anyMatch(Plan.Site::isDefault)) {
                throw Checks.bad(at + ".hostnames", "empty, but another frontend on " + key
                        + " already is the default site");
            }
            for (int j = 0; j < f.hostnames().size(); j++) {
                String h = f.hostnames().get(j).toLowerCase(java.util.Locale.ROOT);
                String owner = hostOwner.putIfAbsent(key + " " + h, name);
                if (owner != null) {
                    throw Checks.bad(at + ".hostnames[" + j + "]", h + " is also a host name of frontend " + owner
                            + (owner.equals(name) ? "" : " on " + key));
                }
            }
            sites.add(site);
            addresses.put(key, address);
            ports.put(key, port);
            tls.put(key, site.pem() != null);
        }
        List<Plan.Listener> listeners = new ArrayList<>();
        for (Map.Entry<String, List<Plan.Site>> e : sitesByListener.entrySet()) {
            Checks.Address address = addresses.get(e.getKey());
            int port = ports.get(e.getKey());
            if (address != null && sitesByListener.containsKey("* " + port)) {
                throw Checks.bad("frontends[" + e.getValue().get(0).name() + "].address", address.text() + ":" + port
                        + " overlaps a frontend listening on every address at port " + port);
            }
            listeners.add(new Plan.Listener(address, port, tls.get(e.getKey()), e.getValue()));
        }
        return new Plan(listeners, workers, nameservers);
    }

    private static Plan.Site site(String at, String name, Frontend f) {
        List<String> exact = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        for (int j = 0; j < f.hostnames().size(); j++) {
            String h = Checks.hostname(at + ".hostnames[" + j + "]", f.hostnames().get(j));
            if (h.startsWith("*.")) {
                wildcards.add(h.substring(1));
            } else {
                exact.add(h);
            }
        }
        wildcards.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        String balance = Checks.mode(at + ".mode", f.mode());
        List<Plan.Server> servers = new ArrayList<>();
        Set<String> serverNames = new HashSet<>();
        for (int j = 0; j < f.backends().size(); j++) {
            BackendServer b = f.backends().get(j);
            if (b == null) {
                throw Checks.bad(at + ".backends[" + j + "]", "missing");
            }
            String sn = Checks.label(at + ".backends[" + j + "].name", b.name());
            if (!serverNames.add(sn)) {
                throw Checks.bad(at + ".backends[" + j + "].name", sn + " is the name of another server of " + name);
            }
            Checks.Address a = Checks.address(at + ".backends[" + j + "].address", b.address());
            int port = Checks.port(at + ".backends[" + j + "].port", b.port());
            servers.add(new Plan.Server(sn, a.text(), port, a.rendered() + ":" + port, !a.literal()));
        }
        String realm = f.hostnames().isEmpty() ? name : f.hostnames().get(0).toLowerCase(java.util.Locale.ROOT);
        Map<String, String> ha1 = new TreeMap<>();
        for (Map.Entry<String, String> u : new TreeMap<>(f.auth()).entrySet()) {
            String user = Checks.user(at + ".auth", u.getKey());
            Checks.password(at + ".auth[" + user + "].password", u.getValue());
            ha1.put(user, md5Hex(user + ":" + realm + ":" + u.getValue()));
        }
        return new Plan.Site(name, exact, wildcards, balance, realm, servers, ha1, pem(at, f.tls()));
    }

    private static byte[] pem(String at, TlsSpec tls) {
        if (tls == null) {
            return null;
        }
        if (tls.certificate() == null || tls.key() == null) {
            throw Checks.bad(at + ".tls", "certificate and key files are required (this router does not generate"
                    + " self-signed certificates)");
        }
        byte[] cert = Checks.pem(at + ".tls.certificate", tls.certificate(), false);
        byte[] key = Checks.pem(at + ".tls.key", tls.key(), true);
        byte[] both = new byte[cert.length + key.length + 1];
        System.arraycopy(cert, 0, both, 0, cert.length);
        both[cert.length] = '\n';
        System.arraycopy(key, 0, both, cert.length + 1, key.length);
        return both;
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

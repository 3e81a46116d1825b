package org.atoll.plugin.etcd.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.atoll.api.model.Registry;

/**
 * Where the registries of a cluster answer: the {@code external} URL of adopted ones, else
 * {@code http://ADDRESS:CLIENT-PORT}. User info in an external URL is taken as etcd credentials and
 * kept out of {@link #display()}, which is all that messages and logs show.
 *
 * @param uris     client URLs without user info, in a stable order
 * @param user     etcd user, or null
 * @param password etcd password, or null
 * @param problems registries that could not be used, and why
 */
record Endpoints(List<URI> uris, String user, String password, List<String> problems) {

    Endpoints {
        uris = List.copyOf(uris);
        problems = List.copyOf(problems);
    }

    static Endpoints of(List<Registry> registries, int clientPort) {
        Set<URI> uris = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        String user = null;
        String password = null;
        for (Registry r : registries == null ? List.<Registry>of() : registries) {
            if (r == null) {
                continue;
            }
            try {
                if (r.external() != null && !r.external().isBlank()) {
                    URI u = parseExternal(r.external().trim());
                    uris.add(withoutUserInfo(u));
                    if (u.getRawUserInfo() != null && user == null) {
                        String[] parts = u.getRawUserInfo().split(":", 2);
                        user = decode(parts[0]);
                        password = parts.length > 1 ? decode(parts[1]) : "";
                    }
                } else if (r.address() != null && !r.address().isBlank()) {
                    uris.add(URI.create("http://" + hostLiteral(r.address().trim()) + ":" + clientPort));
                } else {
                    problems.add("registry " + r.name() + " has neither an address nor an external URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add("registry " + r.name() + ": " + e.getMessage());
            }
        }
        List<URI> sorted = uris.stream().sorted().collect(Collectors.toList());
        return new Endpoints(sorted, user, password, problems);
    }

    boolean isEmpty() {
        return uris.isEmpty();
    }

    /** The URLs for messages: never credentials. */
    String display() {
        return uris.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Same cluster connection: same URLs and credentials. */
    boolean sameAs(Endpoints other) {
        return other != null && uris.equals(other.uris) && java.util.Objects.equals(user, other.user)
                && java.util.Objects.equals(password, other.password);
    }

    @Override
    public String toString() {
        return display();
    }

    /** {@code [addr]} for IPv6 literals, the address itself otherwise. */
    static String hostLiteral(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static URI parseExternal(String external) {
        URI u;
        try {
            u = new URI(external.contains("://") ? external : "http://" + external);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("external URL is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("external URL must start with http:// (TLS is not supported yet)");
        }
        if (u.getHost() == null || u.getPort() < 1) {
            throw new IllegalArgumentException("external URL must be http://HOST:PORT");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("external URL must have no path, query or fragment");
        }
        return u;
    }

    private static URI withoutUserInfo(URI u) {
        return URI.create("http://" + u.getHost() + ":" + u.getPort());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

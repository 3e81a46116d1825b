package org.atoll.plugin.consul.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.atoll.api.model.Registry;

/** Where a registry's HTTP API is: its {@code external} URL when adopted, else {@code http://ADDRESS:PORT}. */
final class RegistryUrls {

    /** A base URL (no trailing slash), or why there is none; the message never quotes user info. */
    record Result(URI base, String problem) {
    }

    private RegistryUrls() {
    }

    static Result of(Registry r, int port) {
        String external = r.external() == null ? "" : r.external().trim();
        if (!external.isEmpty()) {
            return external(r.name(), external);
        }
        String address = r.address() == null ? "" : r.address().trim();
        if (address.isEmpty()) {
            return new Result(null, "registry " + r.name() + " has neither an address nor an external URL");
        }
        try {
            return new Result(new URI("http://" + Paths.host(address) + ":" + port), null);
        } catch (URISyntaxException e) {
            return new Result(null, "registry " + r.name() + " has an address that is not a host: " + address);
        }
    }

    private static Result external(String name, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return new Result(null, "registry " + name + ": its external URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            return new Result(null, "registry " + name + ": its external URL must not carry user info; "
                    + "configure the ACL token instead");
        }
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return new Result(null, "registry " + name + ": its external URL must be http(s)://HOST[:PORT][/PATH], not "
                    + text);
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return new Result(URI.create(s), null);
    }
}

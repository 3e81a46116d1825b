package org.atoll.plugin.haproxy.internal;

import java.util.List;
import java.util.Map;

/**
 * A routing table that passed every check, grouped the way haproxy.cfg is written: one listener per
 * address and port, its sites told apart by host name. Holds no clear password: digest users carry
 * their HA1 only.
 *
 * @param listeners   in the order their first frontend appears in the table
 * @param workers     haproxy threads; 0 = the default
 * @param nameservers {@code ip:port} of the resolvers section; empty = none
 */
record Plan(List<Listener> listeners, int workers, List<String> nameservers) {

    Plan {
        listeners = List.copyOf(listeners);
        nameservers = List.copyOf(nameservers);
    }

    /**
     * @param address canonical address text (an IP literal, or a DNS name when {@code byName})
     * @param target  {@code address:port} as HAProxy wants it
     */
    record Server(String name, String address, int port, String target, boolean byName) {
    }

    /**
     * One frontend of the table.
     *
     * @param exact     lower-case host names
     * @param wildcards lower-case suffixes (".example.com" for "*.example.com"), longest first
     * @param ha1       user → MD5(user:realm:password) in hex, sorted by user
     * @param pem       certificate then key, for a TLS site; null otherwise
     */
    record Site(String name, List<String> exact, List<String> wildcards, String balance, String realm,
            List<Server> servers, Map<String, String> ha1, byte[] pem) {

        Site {
            exact = List.copyOf(exact);
            wildcards = List.copyOf(wildcards);
            servers = List.copyOf(servers);
        }

        boolean isDefault() {
            return exact.isEmpty() && wildcards.isEmpty();
        }

        @Override
        public String toString() {
            return "Site[" + name + " " + exact + " " + wildcards + ", " + servers.size() + " servers, users="
                    + ha1.keySet() + "]";
        }
    }

    /** @param address null = every address of the host */
    record Listener(Checks.Address address, int port, boolean tls, List<Site> sites) {

        Listener {
            sites = List.copyOf(sites);
        }

        /** The frontend section's name: never a DNS label, so it cannot clash with a backend. */
        String id() {
            return "fe_" + port + "_" + (address == null ? "any" : address.text().replace(':', '_'));
        }
    }

    boolean anyAuth() {
        return listeners.stream().flatMap(l -> l.sites().stream()).anyMatch(s -> !s.ha1().isEmpty());
    }
}

package org.atoll.plugin.nginx.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A routing table after every check: only values that passed the allow-lists, grouped into listeners.
 *
 * @param workers   worker processes, at least 1
 * @param resolvers DNS servers as nginx's {@code resolver} takes them
 * @param listeners the listeners in the order their first frontend appears in the table
 * @param files     certificate and key files by their path relative to the proxy's directory
 * @param origins   for messages: where each of {@code files} came from ({@code /path (frontends[x].tls.key)})
 */
record Plan(int workers, List<String> resolvers, List<Listener> listeners, Map<String, Pem> files,
        Map<String, String> origins) {

    /**
     * The frontends sharing one address and port.
     *
     * @param address null = every address of the host
     */
    record Listener(Address address, int port, boolean tls, List<Site> sites) {

        Optional<Site> defaultSite() {
            return sites.stream().filter(s -> s.hostnames().isEmpty()).findFirst();
        }

        /** For messages: {@code *:80}, {@code 127.0.0.1:80}, {@code [::1]:80}. */
        String describe() {
            return address == null ? "*:" + port : address.withPort(port);
        }
    }

    /**
     * One frontend.
     *
     * @param mode        null (round robin), {@code least_conn} or {@code ip_hash}
     * @param certificate certificate file relative to the proxy's directory; null without TLS
     * @param key         key file relative to the proxy's directory; null without TLS
     */
    record Site(String name, List<String> hostnames, String mode, String certificate, String key,
            List<Server> servers) {
    }

    record Server(String name, Address address, int port) {
    }
}

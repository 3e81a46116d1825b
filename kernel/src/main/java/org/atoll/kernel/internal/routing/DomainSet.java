package org.atoll.kernel.internal.routing;

import java.util.List;

/**
 * The routing domains one deployment declared, as stored. Passwords live in the secret store
 * ({@link Secrets#domains}), never here.
 *
 * @param deployment the deployment whose Servicefile declared them
 * @param domains    the domains, in file order
 */
record DomainSet(String deployment, List<Entry> domains) {

    DomainSet {
        domains = List.copyOf(domains);
    }

    /**
     * @param name    the host name
     * @param service the service of the deployment that serves it
     * @param users   who may use it (digest authentication); empty = anyone
     */
    record Entry(String name, String service, List<String> users) {
        Entry {
            users = users == null ? List.of() : List.copyOf(users);
        }
    }
}

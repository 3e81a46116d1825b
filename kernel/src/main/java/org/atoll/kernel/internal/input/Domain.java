package org.atoll.kernel.internal.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A routing domain of a Servicefile: requests for {@code name} go to {@code service} of
 * {@code deployment}, optionally behind HTTP digest authentication.
 *
 * @param name       the domain ({@code staging.example.org})
 * @param deployment the target deployment ({@code example-staging})
 * @param service    the target service of that deployment ({@code app})
 * @param auth       user → password for digest authentication; empty = none. Never printed.
 */
public record Domain(String name, String deployment, String service, Map<String, String> auth) {

    public Domain {
        auth = auth == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(auth));
    }

    /** Names the users but never their passwords. */
    @Override
    public String toString() {
        return "Domain[name=" + name + ", http=" + deployment + ":" + service + ", authUsers=" + auth.keySet() + "]";
    }
}

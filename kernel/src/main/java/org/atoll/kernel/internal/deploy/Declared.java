package org.atoll.kernel.internal.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atoll.api.model.ServiceSpec;

/**
 * What a file declares for one deployment: its environment and its services, in file order.
 *
 * @param env      environment for every service (the Servicefile's {@code Env:}); null keeps the current one
 * @param services service name → spec
 * @param prune    whether services of the deployment that are not declared are removed (a whole file)
 */
public record Declared(Map<String, String> env, Map<String, ServiceSpec> services, boolean prune) {
    public Declared {
        env = env == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }
}

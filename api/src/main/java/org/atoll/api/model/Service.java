package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.List;

/**
 * A service of a deployment and the version of it that should run.
 *
 * @param deployment the deployment's name
 * @param name       a DNS label, unique in its deployment
 * @param version    the version that should run now (1 or more)
 * @param count      how many instances of that version should run
 * @param nodes      the nodes its instances may run on; empty = any (moving a service changes this,
 *                   not its version)
 * @param updated    when the service was last changed
 */
@ProviderType
public record Service(String deployment, String name, int version, int count, List<String> nodes, Instant updated) {
    public Service {
        nodes = Copies.list(nodes);
    }
}

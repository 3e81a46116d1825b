package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;

/**
 * A service of a deployment and the version of it that should run.
 *
 * @param deployment the deployment's name
 * @param name       a DNS label, unique in its deployment
 * @param version    the version that should run now (1 or more)
 * @param count      how many instances of that version should run
 * @param updated    when the service was last changed
 */
@ProviderType
public record Service(String deployment, String name, int version, int count, Instant updated) {
}

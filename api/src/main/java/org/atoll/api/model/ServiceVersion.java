package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable version of a service. Every change of the spec (other than the instance count)
 * makes a new version with the next number; rolling back means making an older version current.
 *
 * @param deployment the deployment's name
 * @param service    the service's name
 * @param version    1, 2, …
 * @param spec       what this version runs
 * @param created    when this version was made
 */
@ProviderType
public record ServiceVersion(String deployment, String service, int version, ServiceSpec spec, Instant created) {
    public ServiceVersion {
        Objects.requireNonNull(spec, "spec");
    }
}

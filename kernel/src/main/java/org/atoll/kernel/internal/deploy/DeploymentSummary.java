package org.atoll.kernel.internal.deploy;

import java.time.Instant;

/** A deployment with counts, for listings. */
public record DeploymentSummary(String name, String description, int services, int instances, Instant created) {
}

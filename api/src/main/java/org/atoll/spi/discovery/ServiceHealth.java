package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Objects;

/**
 * A registration as the registry knows it, with the results of its checks.
 *
 * @param registration what was published
 * @param checks       the latest result of each of its checks; empty when it has none
 */
@ProviderType
public record ServiceHealth(Registration registration, List<CheckStatus> checks) {
    public ServiceHealth {
        Objects.requireNonNull(registration, "registration");
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Healthy when every check passes (a registration without checks is healthy). */
    public boolean healthy() {
        return checks.stream().allMatch(c -> c.status() == CheckStatus.Status.PASSING);
    }
}

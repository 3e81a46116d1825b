package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest result of one check.
 *
 * @param name   the check's name
 * @param type   {@code tcp} or {@code http}
 * @param target what it checks ({@code 10.0.0.5:80}, {@code http://10.0.0.5:80/health})
 * @param status its result
 * @param output a short human explanation ({@code connection refused}, {@code HTTP 503}); never secret
 * @param since  when the status last changed; null if unknown
 */
@ProviderType
public record CheckStatus(String name, String type, String target, Status status, String output, Instant since) {
    public enum Status {
        /** Not run yet. */
        UNKNOWN, PASSING, CRITICAL
    }

    public CheckStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        output = output == null ? "" : output;
    }
}

package org.atoll.spi.backend;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;

/**
 * Something happened to an owned instance.
 *
 * @param type       what happened
 * @param instanceId the Atoll instance id
 * @param at         when
 * @param exitCode   for {@link Type#DIED} the exit code, otherwise 0
 */
@ProviderType
public record BackendEvent(Type type, String instanceId, Instant at, int exitCode) {
    public enum Type {
        STARTED, DIED, REMOVED
    }
}

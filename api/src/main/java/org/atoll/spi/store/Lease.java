package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Duration;

/**
 * A lease granted by {@link StateStore#grantLease}.
 *
 * @param id  non-zero
 * @param ttl its time to live
 */
@ProviderType
public record Lease(long id, Duration ttl) {
}

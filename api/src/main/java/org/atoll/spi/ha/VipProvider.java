package org.atoll.spi.ha;

import java.util.Optional;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps a floating IP address on exactly one healthy node of a group.
 *
 * <p>Contract: {@link #ensure} is idempotent and blocking with the provider's timeout; it configures
 * (and validates with the daemon's checker) every node of the group, then starts or reloads the
 * daemon. After a kernel restart the provider adopts running daemons. {@link #holder} never blocks
 * long: it reports what the nodes last said.
 */
@ConsumerType
public interface VipProvider extends Provider {

    void ensure(VipSpec vip);

    /** Releases the address and stops managing it; absent is fine. */
    void remove(String name);

    /** The node that holds the address now, if any. */
    Optional<String> holder(String name);
}

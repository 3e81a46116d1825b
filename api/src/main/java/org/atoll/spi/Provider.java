package org.atoll.spi;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Identity, capabilities and health of a provider. Every SPI extends this.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #info()} and {@link #capabilities()} are constant for the lifetime of a provider
 *     service object, cheap, and never block.</li>
 * <li>{@link #status()} never blocks and never throws: a lost daemon connection is reported here
 *     as {@link ProviderStatus.State#DOWN} with a message, not by throwing from unrelated calls.</li>
 * <li>The kernel calls an optional operation only when {@link #capabilities()} names it; a plan
 *     that needs a capability no installed provider has fails before anything is changed.</li>
 * </ul>
 */
@ConsumerType
public interface Provider {

    /** The OSGi service property that names a provider; its value equals {@code info().name()}. */
    String PROPERTY = "atoll.provider";

    ProviderInfo info();

    /** The optional features this provider supports, as the constants of its SPI name them. */
    default Set<String> capabilities() {
        return Set.of();
    }

    default ProviderStatus status() {
        return ProviderStatus.up();
    }

    default boolean supports(String capability) {
        return capabilities().contains(capability);
    }
}

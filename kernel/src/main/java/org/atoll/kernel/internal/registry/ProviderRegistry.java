package org.atoll.kernel.internal.registry;

import java.util.List;
import java.util.Optional;

import org.atoll.spi.Provider;

/**
 * Every provider of every extension point, as plugins come and go. Lookups always see the
 * providers registered right now; nothing here is cached across calls.
 */
public interface ProviderRegistry {

    /** Service property: when the registry component activated (epoch millis); changes only on re-activation. */
    String ACTIVATED = "atoll.kernel.activated";

    List<ProviderEntry> entries(ExtensionPoint point);

    <T extends Provider> List<T> all(Class<T> spi);

    <T extends Provider> Optional<T> find(Class<T> spi, String name);

    /**
     * The provider {@code name} of {@code spi}, which must support every capability in
     * {@code capabilities}; otherwise a {@link MissingProviderException} naming what is missing and the
     * feature that would install it.
     */
    /**
     * Calls {@code listener} after every bind or unbind, on the thread that bound; it must not block.
     * Closing the returned handle stops the calls.
     */
    AutoCloseable onChange(Runnable listener);

    <T extends Provider> T require(Class<T> spi, String name, String... capabilities);
}

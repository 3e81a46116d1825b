package org.atoll.kernel.internal.registry;

import org.atoll.spi.Provider;
import org.atoll.spi.ProviderStatus;

/**
 * A provider as the registry tracks it.
 *
 * @param point    its extension point
 * @param name     its {@value Provider#PROPERTY} property
 * @param provider the service object
 * @param bundle   the symbolic name of the bundle that registered it
 * @param serviceId its OSGi service id
 */
public record ProviderEntry(ExtensionPoint point, String name, Provider provider, String bundle, long serviceId) {

    /** The provider's status; one whose status() throws is DOWN, rather than breaking a listing. */
    public ProviderStatus status() {
        try {
            return provider.status();
        } catch (RuntimeException e) {
            return ProviderStatus.down("status() failed: " + e.getMessage());
        }
    }
}

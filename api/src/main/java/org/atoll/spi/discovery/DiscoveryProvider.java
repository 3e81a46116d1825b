package org.atoll.spi.discovery;

import java.util.List;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Publishes service registrations and their checks to a registry and resolves names.
 *
 * <p>Contract: {@link #register} and {@link #deregister} are idempotent and blocking with the
 * provider's timeout; a registration is tied to a lease or TTL on the registry so that the entries of
 * a node that dies expire by themselves. {@link #registrations()} returns everything this provider
 * published (including entries left by an earlier run of the kernel), so the kernel can remove
 * stale ones (anti-entropy). Failures are retryable {@link org.atoll.spi.ProviderException}s when
 * the registry is unreachable.
 */
@ConsumerType
public interface DiscoveryProvider extends Provider {

    /** Capability: the provider runs the checks itself (rather than the registry). */
    String CAP_CHECKS = "checks";
    /** Capability: {@link #watch} is supported. */
    String CAP_WATCH = "watch";
    /** Capability: names resolve through DNS ({@code NAME.service.consul}). */
    String CAP_DNS = "dns";

    void register(Registration registration);

    void deregister(String registrationId);

    /** The healthy endpoints of {@code name}, in no particular order. */
    List<Endpoint> resolve(String name);

    /** Everything this provider has published. */
    List<Registration> registrations();

    /** Calls {@code listener} with the full endpoint list of {@code name} whenever it changes. */
    default AutoCloseable watch(String name, EndpointListener listener) {
        throw new UnsupportedOperationException(info().name() + " does not support " + CAP_WATCH);
    }
}

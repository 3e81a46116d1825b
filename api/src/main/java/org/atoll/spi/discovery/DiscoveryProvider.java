package org.atoll.spi.discovery;

import java.util.List;

import org.atoll.api.model.Registry;
import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Publishes service registrations and their checks to a registry and resolves names.
 *
 * <p>One provider serves one registry type ({@code info().name()} is {@code etcd} or {@code consul});
 * every registry of that type the kernel knows is one cluster, handed over with {@link #connect}.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #register} and {@link #deregister} are idempotent and block at most the provider's
 *     timeout. Registering an id again replaces the earlier registration.</li>
 * <li>A registration is tied to a lease or TTL on the registry, kept alive by this provider, so the
 *     entries of a node whose kernel dies expire by themselves.</li>
 * <li>{@link #registrations()} returns everything published under this provider's layout by any
 *     node, including entries left by an earlier run of the kernel; the kernel removes the stale ones
 *     of its own node (anti-entropy).</li>
 * <li>The kernel validates every value first: names are DNS labels, addresses are IP literals or
 *     DNS names, check targets point at the registration's own address or at a target an operator
 *     published explicitly. Providers never follow HTTP redirects in checks.</li>
 * <li>Failures are {@link org.atoll.spi.ProviderException}s, retryable when the registry is
 *     unreachable; a provider with no registries connected fails every call retryably.</li>
 * </ul>
 */
@ConsumerType
public interface DiscoveryProvider extends Provider {

    /** Capability: the provider runs the checks of its registrations and reports their health. */
    String CAP_CHECKS = "checks";
    /** Capability: {@link #watch} is supported. */
    String CAP_WATCH = "watch";
    /** Capability: names resolve through DNS ({@code NAME.service.consul}). */
    String CAP_DNS = "dns";
    /** Capability: the provider can run its registry server as an instance ({@link #prepareServer}). */
    String CAP_DEPLOY = "deploy";

    /**
     * The registries of this provider's type, each time the set changes (possibly empty). The
     * provider connects to them as one cluster for every later call; must not block long.
     */
    void connect(List<Registry> registries);

    void register(Registration registration);

    void deregister(String registrationId);

    /** The healthy endpoints of {@code name}, in no particular order. */
    List<Endpoint> resolve(String name);

    /** Everything published under this provider's layout, by any node. */
    List<Registration> registrations();

    /** Every service and check known to the registries with its health, for operators. */
    List<ServiceHealth> catalog();

    /** Calls {@code listener} with the full endpoint list of {@code name} whenever it changes. */
    default AutoCloseable watch(String name, EndpointListener listener) {
        throw new UnsupportedOperationException(info().name() + " does not support " + CAP_WATCH);
    }

    /**
     * How to run the server of {@code registry} (its node and address are set, {@code external} is
     * null) as an instance, joining {@code members}, the registries of this type that exist already
     * (empty: it starts a new cluster). May change the running cluster first (etcd adds the member).
     * Idempotent: called again for the same registry it returns the same server.
     */
    default RegistryServer prepareServer(Registry registry, List<Registry> members) {
        throw new UnsupportedOperationException(info().name() + " does not support " + CAP_DEPLOY);
    }

    /**
     * {@code registry}, a deployed one, is about to be removed: the provider takes it out of the
     * cluster of {@code remaining} so that the cluster keeps its quorum. Idempotent.
     */
    default void retireServer(Registry registry, List<Registry> remaining) {
    }
}

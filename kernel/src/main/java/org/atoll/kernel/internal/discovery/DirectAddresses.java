package org.atoll.kernel.internal.discovery;

import java.util.Optional;

/**
 * Where this node's own instances answer on their container network, by registration id.
 *
 * <p>A registry tells clients the node address and the published port. A proxy on the same node
 * can skip that hop: the engine forwards a published port through NAT, and on the loopback address
 * through a userland proxy process per port, which costs a connection, CPU and latency on every
 * request. The instance's own address is only reachable from its own node, so only this node's
 * kernel knows and hands out these.
 */
public interface DirectAddresses {

    /** An address and port on a container network. */
    record Direct(String address, int port) {
    }

    /** None known, and nothing to wait for: every endpoint is reached as the registry says. */
    DirectAddresses NONE = new DirectAddresses() {
        @Override
        public Optional<Direct> of(String registrationId) {
            return Optional.empty();
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            return () -> { };
        }
    };

    /** The readiness of {@code source} without its addresses: endpoints are reached as registered. */
    static DirectAddresses readinessOf(DirectAddresses source) {
        return new DirectAddresses() {
            @Override
            public Optional<Direct> of(String registrationId) {
                return Optional.empty();
            }

            @Override
            public boolean ready() {
                return source.ready();
            }

            @Override
            public AutoCloseable onChange(Runnable listener) {
                return source.onChange(listener);
            }
        };
    }

    /** The own address of the instance behind a registration of this node, if it has one. */
    Optional<Direct> of(String registrationId);

    /**
     * Whether this node's discovery has published what runs here since the kernel started (its
     * first full pass). Until then the registries may lack this node's instances, whose entries
     * expired while the kernel was down: what they answer is not yet what runs.
     */
    boolean ready();

    /** Calls {@code listener} after the address of a registration changed, or on becoming ready; close to stop. */
    AutoCloseable onChange(Runnable listener);
}

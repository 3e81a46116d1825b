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

    /** None known: every endpoint is reached as the registry says. */
    DirectAddresses NONE = new DirectAddresses() {
        @Override
        public Optional<Direct> of(String registrationId) {
            return Optional.empty();
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            return () -> { };
        }
    };

    /** The own address of the instance behind a registration of this node, if it has one. */
    Optional<Direct> of(String registrationId);

    /** Calls {@code listener} after the address of a registration changed; close to stop. */
    AutoCloseable onChange(Runnable listener);
}

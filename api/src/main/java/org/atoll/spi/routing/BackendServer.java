package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A server behind a frontend.
 *
 * @param name    a DNS label, unique in its frontend
 * @param address IP address or resolvable name
 * @param port    port
 */
@ProviderType
public record BackendServer(String name, String address, int port) {
}

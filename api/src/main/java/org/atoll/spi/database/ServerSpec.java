package org.atoll.spi.database;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A database server to run.
 *
 * @param name    a DNS label
 * @param node    the node to run it on
 * @param address the address to listen on
 * @param port    the port to listen on
 */
@ProviderType
public record ServerSpec(String name, String node, String address, int port) {
}

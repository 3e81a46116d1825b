package org.atoll.spi.database;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A database server as its provider sees it.
 *
 * @param name    its name
 * @param running whether it accepts connections
 * @param address address
 * @param port    port
 * @param message why it is not running; empty otherwise
 */
@ProviderType
public record ServerStatus(String name, boolean running, String address, int port, String message) {
}

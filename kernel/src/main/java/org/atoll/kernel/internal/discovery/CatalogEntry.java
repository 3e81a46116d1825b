package org.atoll.kernel.internal.discovery;

import org.atoll.spi.discovery.ServiceHealth;

/**
 * One service a registry knows, or why a registry type could not be read.
 *
 * @param type    the registry type
 * @param service the service with its checks; null when {@code error} is set
 * @param error   why the registries of this type could not be listed; empty otherwise
 */
public record CatalogEntry(String type, ServiceHealth service, String error) {
}

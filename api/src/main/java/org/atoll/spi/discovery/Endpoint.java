package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A resolved address of a service.
 *
 * @param registrationId the registration it comes from
 * @param address        IP address
 * @param port           port
 * @param healthy        whether all its checks pass
 */
@ProviderType
public record Endpoint(String registrationId, String address, int port, boolean healthy) {
}

package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A resolved address of a service.
 *
 * @param registrationId the registration it comes from
 * @param address        IP address
 * @param port           port
 * @param healthy        whether all its checks pass
 * @param environment    the registration's environment (for containers: their deployment); "" = unknown
 */
@ProviderType
public record Endpoint(String registrationId, String address, int port, boolean healthy, String environment) {
    public Endpoint {
        environment = environment == null ? "" : environment;
    }

    /** An endpoint whose environment is not known. */
    public Endpoint(String registrationId, String address, int port, boolean healthy) {
        this(registrationId, address, port, healthy, "");
    }
}

package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A port of a proxy forwarded on its node's address ({@code port-publish}).
 *
 * @param hostPort the port on the node's address
 * @param port     the proxy's own port it forwards to (80, or 443 for TLS)
 */
@ProviderType
public record PublishedPort(int hostPort, int port) {
    @Override
    public String toString() {
        return hostPort == port ? Integer.toString(port) : hostPort + "->" + port;
    }
}

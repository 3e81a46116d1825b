package org.atoll.spi.discovery;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the endpoints of a watched name; must not block. */
@ConsumerType
@FunctionalInterface
public interface EndpointListener {
    void onEndpoints(String name, List<Endpoint> endpoints);
}

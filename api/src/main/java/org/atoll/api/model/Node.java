package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A server that runs Atoll and can run instances.
 *
 * @param name     a DNS label, unique in the cluster
 * @param address  the address other nodes and clients reach it on
 * @param capacity what the node offers for placement
 * @param labels   free labels used by placement constraints
 * @param joined   when the node first registered
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ProviderType
public record Node(String name, String address, Resources capacity, Map<String, String> labels, Instant joined) {
    public Node {
        capacity = capacity == null ? Resources.NONE : capacity;
        labels = Copies.map(labels);
    }
}

package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Copies of a base container placed across the cluster by a placement strategy.
 *
 * @param base     the name of the base container (or service) to copy
 * @param count    how many copies to run
 * @param network  the network to attach them to; null = the backend's default
 * @param group    jobs of the same group are placed on the same node; null = no stickiness
 * @param replicas at most this many copies per node; 0 = no limit
 * @param strategy the placement strategy provider's name ({@code resource})
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@ProviderType
public record Job(String base, int count, String network, String group, int replicas, String strategy) {
    public Job {
        strategy = strategy == null ? "resource" : strategy;
    }
}

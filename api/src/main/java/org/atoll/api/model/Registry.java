package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service-discovery registry (an etcd or Consul endpoint) that instances publish to.
 *
 * @param name     a DNS label; generated ({@code etcd-1}) when the user gives none
 * @param type     {@code etcd} or {@code consul}
 * @param node     the node it runs on; null for an adopted external registry
 * @param address  the static address it is reachable on
 * @param external the URL of an existing registry adopted rather than deployed; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ProviderType
public record Registry(String name, String type, String node, String address, String external) {
}

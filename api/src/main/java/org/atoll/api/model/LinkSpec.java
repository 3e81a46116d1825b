package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A dependency of one service on a port of another service of the same deployment. The linking
 * instances get the linked service's address and port in their environment.
 *
 * @param service the linked service's name
 * @param port    the linked service's container port
 * @param alias   the environment prefix to use; null means the service name upper-cased
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ProviderType
public record LinkSpec(String service, int port, String alias) {
}

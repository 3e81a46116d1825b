package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named set of services deployed together ({@code production}, {@code staging}).
 *
 * @param name        a DNS label, unique in the cluster
 * @param description free text for humans, may be empty
 * @param env         environment given to every instance of every service, overridden by the
 *                    service's own {@code env}
 * @param created     when the deployment was created
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ProviderType
public record Deployment(String name, String description, Map<String, String> env, Instant created) {
    public Deployment {
        description = description == null ? "" : description;
        env = Copies.map(env);
    }
}

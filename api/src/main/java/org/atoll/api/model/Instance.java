package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * One desired running copy of a service version, placed on a node.
 *
 * <p>Its id is {@code <deployment>-<service>-<version>-<ordinal>} ({@code foo-redis-2-1}); the
 * backends label what they create with it, so an instance is found again after any restart and is
 * never created twice.
 *
 * @param id         the instance id, see {@link #idOf}
 * @param deployment the deployment's name
 * @param service    the service's name
 * @param version    the service version this instance runs
 * @param ordinal    1, 2, … within the version
 * @param node       the node it is placed on
 */
@ProviderType
public record Instance(String id, String deployment, String service, int version, int ordinal, String node) {

    public Instance {
        Objects.requireNonNull(id, "id");
    }

    public static Instance of(String deployment, String service, int version, int ordinal, String node) {
        return new Instance(idOf(deployment, service, version, ordinal), deployment, service, version, ordinal, node);
    }

    public static String idOf(String deployment, String service, int version, int ordinal) {
        return deployment + "-" + service + "-" + version + "-" + ordinal;
    }

    public Instance onNode(String newNode) {
        return new Instance(id, deployment, service, version, ordinal, newNode);
    }
}

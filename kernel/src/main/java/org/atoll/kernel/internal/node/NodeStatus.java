package org.atoll.kernel.internal.node;

import org.atoll.api.model.Node;

/** A node with its liveness and load, for listings. */
public record NodeStatus(Node node, boolean up, int instances, boolean local) {
}

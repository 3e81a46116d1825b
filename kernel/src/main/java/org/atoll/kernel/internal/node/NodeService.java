package org.atoll.kernel.internal.node;

import java.util.List;

/** The nodes of the cluster as the store knows them. */
public interface NodeService {

    /** This node's name. */
    String localName();

    List<NodeStatus> list();
}

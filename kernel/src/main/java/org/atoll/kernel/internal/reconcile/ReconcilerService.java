package org.atoll.kernel.internal.reconcile;

import java.util.List;

/** This node's reconciler, for commands that want a pass now or its view of the instances. */
public interface ReconcilerService {

    void trigger();

    List<InstanceReport> report();

    /** The reports of the given instances only, from memory; cheap enough to poll. */
    List<InstanceReport> report(java.util.Collection<String> ids);
}

package org.atoll.spi.backend;

import org.osgi.annotation.versioning.ProviderType;

/** What a backend reports about an instance. */
@ProviderType
public enum InstanceState {
    /** Created, never started. */
    CREATED,
    /** Starting or running. */
    RUNNING,
    /** Stopped or exited. */
    EXITED,
    /** Cannot run (removed underneath, broken). */
    DEAD;

    public boolean running() {
        return this == RUNNING;
    }
}

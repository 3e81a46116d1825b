package org.atoll.plugin.docker.internal;

/** The labels that mark a container as an Atoll instance. */
final class Labels {

    static final String MANAGED = "atoll.managed";
    static final String ID = "atoll.id";
    static final String DEPLOYMENT = "atoll.deployment";
    static final String SERVICE = "atoll.service";
    static final String VERSION = "atoll.version";
    static final String NODE = "atoll.node";

    /** The label filter of everything this backend owns. */
    static final String MANAGED_FILTER = MANAGED + "=true";

    private Labels() {
    }
}

package org.atoll.kernel.internal.state;

/**
 * The store's key layout. Names in keys have passed {@code Names.name}, so they contain no '/'.
 * <pre>
 * /atoll/deployments/DEP                 Deployment
 * /atoll/services/DEP/SVC                Service (current version and count)
 * /atoll/versions/DEP/SVC/00000002       ServiceVersion (immutable)
 * /atoll/instances/DEP/ID                Instance (desired, with its node)
 * /atoll/nodes/NODE                      Node
 * /atoll/alive/NODE                      heartbeat, on the node's lease
 * </pre>
 */
public final class Keys {

    public static final String ROOT = "/atoll/";
    public static final String DEPLOYMENTS = ROOT + "deployments/";
    public static final String SERVICES = ROOT + "services/";
    public static final String VERSIONS = ROOT + "versions/";
    public static final String INSTANCES = ROOT + "instances/";
    public static final String NODES = ROOT + "nodes/";
    public static final String ALIVE = ROOT + "alive/";

    private Keys() {
    }

    public static String deployment(String dep) {
        return DEPLOYMENTS + dep;
    }

    public static String services(String dep) {
        return SERVICES + dep + "/";
    }

    public static String service(String dep, String svc) {
        return services(dep) + svc;
    }

    public static String versions(String dep, String svc) {
        return VERSIONS + dep + "/" + svc + "/";
    }

    public static String version(String dep, String svc, int version) {
        return versions(dep, svc) + String.format("%08d", version);
    }

    public static String instances(String dep) {
        return INSTANCES + dep + "/";
    }

    public static String instance(String dep, String id) {
        return instances(dep) + id;
    }

    public static String node(String name) {
        return NODES + name;
    }

    public static String alive(String name) {
        return ALIVE + name;
    }

    /** The last path segment. */
    public static String leaf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}

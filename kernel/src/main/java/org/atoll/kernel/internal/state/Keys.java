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
 * /atoll/registries/NAME                 Registry (service discovery)
 * /atoll/discovery/services/TARGET/NAME  a service of a container (service-add)
 * /atoll/discovery/checks/TARGET/NAME    a check of a container (check-add)
 * /atoll/discovery/published/NAME        a service Atoll did not start (service-publish)
 * /atoll/databases/NAME                  Database (db-add)
 * /atoll/database-removals/NAME          a database whose server is being stopped (db-remove)
 * /atoll/secrets/NAME                    a secret, encrypted (see EncryptedSecrets)
 * </pre>
 * TARGET is an instance id or {@code DEPLOYMENT:SERVICE} (every instance of the service).
 */
public final class Keys {

    public static final String ROOT = "/atoll/";
    public static final String DEPLOYMENTS = ROOT + "deployments/";
    public static final String SERVICES = ROOT + "services/";
    public static final String VERSIONS = ROOT + "versions/";
    public static final String INSTANCES = ROOT + "instances/";
    public static final String NODES = ROOT + "nodes/";
    public static final String ALIVE = ROOT + "alive/";
    public static final String REGISTRIES = ROOT + "registries/";
    public static final String DISCOVERY = ROOT + "discovery/";
    public static final String CONTAINER_SERVICES = DISCOVERY + "services/";
    public static final String CONTAINER_CHECKS = DISCOVERY + "checks/";
    public static final String PUBLISHED = DISCOVERY + "published/";
    public static final String DATABASES = ROOT + "databases/";
    public static final String DATABASE_REMOVALS = ROOT + "database-removals/";
    public static final String SECRETS = ROOT + "secrets/";
    public static final String ROUTING = ROOT + "routing/";
    public static final String LOAD_BALANCERS = ROUTING + "lbs/";
    public static final String WEBSERVERS = ROUTING + "webservers/";
    public static final String DOMAINS = ROUTING + "domains/";
    public static final String HOSTS = ROUTING + "hosts/";

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

    public static String registry(String name) {
        return REGISTRIES + name;
    }

    public static String containerService(String target, String name) {
        return CONTAINER_SERVICES + target + "/" + name;
    }

    public static String containerCheck(String target, String name) {
        return CONTAINER_CHECKS + target + "/" + name;
    }

    public static String published(String name) {
        return PUBLISHED + name;
    }

    public static String database(String name) {
        return DATABASES + name;
    }

    public static String databaseRemoval(String name) {
        return DATABASE_REMOVALS + name;
    }

    public static String loadBalancer(String name) {
        return LOAD_BALANCERS + name;
    }

    public static String webserver(String name) {
        return WEBSERVERS + name;
    }

    public static String domains(String deployment) {
        return DOMAINS + deployment;
    }

    public static String host(String host) {
        return HOSTS + host;
    }

    public static String secret(String name) {
        return SECRETS + name;
    }

    /** The last path segment. */
    public static String leaf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}

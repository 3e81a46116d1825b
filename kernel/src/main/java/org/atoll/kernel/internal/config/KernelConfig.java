package org.atoll.kernel.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The kernel's configuration, PID {@value #PID}; every kernel component reads the same PID. */
@ObjectClassDefinition(id = KernelConfig.PID, name = "Atoll kernel",
        description = "Node identity, state store and reconciler settings of the Atoll kernel")
public @interface KernelConfig {

    String PID = "org.atoll.kernel";

    @AttributeDefinition(name = "Node name",
            description = "This node's name in the cluster, a DNS label; empty = the host name, sanitized")
    String node_name() default "";

    @AttributeDefinition(name = "Node address", description = "The address other nodes and clients reach this node on")
    String node_address() default "127.0.0.1";

    @AttributeDefinition(name = "Node CPU (millicores)", description = "CPU offered for placement; 0 = all cores")
    long node_cpu_millis() default 0;

    @AttributeDefinition(name = "Node memory (MiB)", description = "Memory offered for placement; 0 = all memory")
    long node_memory_mb() default 0;

    @AttributeDefinition(name = "Heartbeat (seconds)",
            description = "How long a node stays up in the cluster without a heartbeat; it renews at a third of that")
    int node_heartbeat_seconds() default 15;

    @AttributeDefinition(name = "Store directory",
            description = "Where the embedded state store keeps its files; empty = ${karaf.data}/atoll/store")
    String store_directory() default "";

    @AttributeDefinition(name = "Container backend", description = "The backend provider instances run on by default")
    String backend() default "docker";

    @AttributeDefinition(name = "Placement strategy", description = "The placement strategy provider used by default")
    String scheduler() default "resource";

    @AttributeDefinition(name = "Resync interval (seconds)",
            description = "How often the reconciler compares desired and observed state even when nothing changed")
    int reconcile_interval_seconds() default 30;

    @AttributeDefinition(name = "Parallel steps",
            description = "How many independent steps (creating, starting, removing instances) run at once")
    int reconcile_parallelism() default 8;

    @AttributeDefinition(name = "Longest retry delay (seconds)",
            description = "Failed steps are retried with exponential backoff up to this delay")
    int reconcile_max_backoff_seconds() default 60;

    @AttributeDefinition(name = "Discovery resync (seconds)",
            description = "How often this node compares what it should publish to the registries with what they hold"
                    + " and repairs the difference (anti-entropy); instances are published at once when they start")
    int discovery_resync_seconds() default 15;

    @AttributeDefinition(name = "Drain before stop (ms)",
            description = "An instance that goes away is withdrawn from the registries first, and stopped this long"
                    + " after, so that load balancers following it stop sending it requests while it still answers;"
                    + " only when it was registered")
    int discovery_drain_millis() default 500;

    @AttributeDefinition(name = "Database address",
            description = "The address database servers on this node listen on (db-add); empty = the Docker bridge's"
                    + " address (containers reach the host there), or the node address without one")
    String database_address() default "";

    @AttributeDefinition(name = "Database allowed range",
            description = "The range database users may connect from unless db-add -a says otherwise; empty = the"
                    + " Docker bridge's subnet (this node's containers)")
    String database_allowed_cidr() default "";

    @AttributeDefinition(name = "Routing address range",
            description = "Load balancers and webservers on this node listen on their own address, the next free one"
                    + " of this IPv4 range unless lb-add/ws-add -a says otherwise (a container's IP, in Flockport's"
                    + " terms); port-publish forwards their ports on the node's address")
    String routing_address_range() default "127.0.1.0/24";

    @AttributeDefinition(name = "Routing publish address",
            description = "Where port-publish forwards proxy ports on this node; empty = the node address")
    String routing_publish_address() default "";

    @AttributeDefinition(name = "Routing domains router",
            description = "The router kind serving the Domains of Servicefiles (haproxy does digest authentication)")
    String routing_domains_kind() default "haproxy";

    @AttributeDefinition(name = "Routing domains address",
            description = "Where routing domains listen on this node; empty = the node address")
    String routing_domains_address() default "";

    @AttributeDefinition(name = "Routing domains port", description = "The port routing domains listen on")
    int routing_domains_port() default 80;

    @AttributeDefinition(name = "Hosts file",
            description = "The file whose managed block hosts-add and hosts-remove change, on every node")
    String routing_hosts_file() default "/etc/hosts";

    @AttributeDefinition(name = "Route to instances directly",
            description = "Proxies reach the instances of their own node at the instance's address on its container"
                    + " network instead of the node address and published port, skipping the engine's forwarding of"
                    + " that port; false when container networks are not reachable from the host (macvlan)")
    boolean routing_direct() default true;

    @AttributeDefinition(name = "Routing resync (seconds)",
            description = "How often this node re-applies every proxy's table even when nothing changed")
    int routing_resync_seconds() default 30;

    @AttributeDefinition(name = "API: JAAS realm", description = "The realm users of the HTTP API log in to")
    String api_realm() default "karaf";

    @AttributeDefinition(name = "API: admin role", description = "Users with this role may change everything")
    String api_admin_role() default "admin";

    @AttributeDefinition(name = "API: viewer role", description = "Users with this role (and not admin) may only read")
    String api_viewer_role() default "viewer";

    @AttributeDefinition(name = "API: largest request body (bytes)", description = "Larger bodies are refused with 413")
    long api_max_body_bytes() default 1_048_576;

    @AttributeDefinition(name = "API: remember a login (seconds)",
            description = "A successful login is reused this long; a changed password takes effect after it")
    int api_auth_cache_seconds() default 10;
}

package org.atoll.plugin.etcd.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code etcd} discovery provider (PID {@value EtcdDiscovery#PID}). */
@ObjectClassDefinition(
        id = EtcdDiscovery.PID,
        name = "Atoll etcd discovery",
        description = "Publishes registrations to the etcd registries Atoll knows and resolves names from them.")
public @interface EtcdConfig {

    @AttributeDefinition(
            name = "Key prefix",
            description = "Where registrations live: PREFIX/ENVIRONMENT/NAME/PORT/HOST-PORT/ID.")
    String prefix() default Settings.DEFAULT_PREFIX;

    @AttributeDefinition(
            name = "Lease TTL (s)",
            description = "How long the entries of a node whose kernel stopped survive.",
            min = "2")
    int lease_ttl_seconds() default 10;

    @AttributeDefinition(
            name = "Request timeout (s)",
            description = "How long one etcd request may take.",
            min = "1")
    int request_timeout_seconds() default 5;

    @AttributeDefinition(
            name = "Check interval (s)",
            description = "How often a check runs when it sets no interval of its own.",
            min = "1")
    int check_interval_seconds() default 10;

    @AttributeDefinition(
            name = "Check timeout (s)",
            description = "How long one check may take when it sets no timeout of its own.",
            min = "1")
    int check_timeout_seconds() default 2;

    @AttributeDefinition(
            name = "Server image",
            description = "The image of etcd servers that Atoll deploys.")
    String image() default Settings.DEFAULT_IMAGE;

    @AttributeDefinition(
            name = "Client port",
            description = "The client port of deployed etcd servers.",
            min = "1", max = "65535")
    int client_port() default 2379;

    @AttributeDefinition(
            name = "Peer port",
            description = "The peer port of deployed etcd servers.",
            min = "1", max = "65535")
    int peer_port() default 2380;
}

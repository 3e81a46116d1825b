package org.atoll.plugin.consul.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code consul} discovery provider (PID {@value ConsulDiscoveryProvider#PID}). */
@ObjectClassDefinition(
        id = ConsulDiscoveryProvider.PID,
        name = "Atoll Consul discovery",
        description = "Registers services and their checks with Consul agents over Consul's HTTP API.")
public @interface ConsulConfig {

    @AttributeDefinition(
            name = "HTTP port",
            description = "The HTTP API port of registries Atoll deploys (adopted ones use their URL).",
            min = "1", max = "65535")
    int port() default Settings.DEFAULT_PORT;

    @AttributeDefinition(
            name = "Datacenter",
            description = "The datacenter name queries ask for; empty = the agent's own.",
            required = false)
    String datacenter() default "";

    /**
     * Key {@code .token}: the leading dot keeps it a private component property, so DS does not publish the
     * secret as a property of the registered service.
     */
    @AttributeDefinition(
            name = "ACL token",
            description = "Sent as X-Consul-Token on every request; empty = none.",
            type = AttributeType.PASSWORD,
            required = false)
    String _token() default "";

    @AttributeDefinition(
            name = "Request timeout (s)",
            description = "How long one call to an agent may take before the next registry is tried.",
            min = "1")
    int request_timeout_seconds() default 5;

    @AttributeDefinition(
            name = "Check interval (s)",
            description = "How often the agent runs a check whose spec sets no interval.",
            min = "1")
    int check_interval_seconds() default 10;

    @AttributeDefinition(
            name = "Check timeout (s)",
            description = "How long one run of a check whose spec sets no timeout may take.",
            min = "1")
    int check_timeout_seconds() default 2;

    @AttributeDefinition(
            name = "Alive TTL (s)",
            description = "TTL of the check this provider keeps passing; missed, the entry turns critical.",
            min = "1")
    int alive_ttl_seconds() default 15;

    @AttributeDefinition(
            name = "Deregister critical after",
            description = "A Go duration (1m, 90s, 2h); Consul reaps entries critical for longer. At least 1m.")
    String deregister_critical_after() default "1m";

    @AttributeDefinition(
            name = "Server image",
            description = "The image of the Consul servers Atoll deploys.")
    String image() default Settings.DEFAULT_IMAGE;
}

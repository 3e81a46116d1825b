package org.atoll.plugin.docker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the {@code docker} container backend (PID {@value DockerBackend#PID}). */
@ObjectClassDefinition(
        id = DockerBackend.PID,
        name = "Atoll Docker backend",
        description = "Runs instances as containers on one Docker engine.")
public @interface DockerConfig {

    @AttributeDefinition(
            name = "Engine",
            description = "Where the Docker engine listens: unix:///absolute/path or tcp://host:port (no TLS).")
    String host() default Settings.DEFAULT_HOST;

    @AttributeDefinition(
            name = "Network",
            description = "The Docker network containers join; empty = Docker's default bridge.",
            required = false)
    String network() default "";

    @AttributeDefinition(
            name = "Restart policy",
            description = "What the engine does when a container exits.",
            options = {
                @Option(label = "Never restart", value = "no"),
                @Option(label = "Restart when it fails", value = "on-failure"),
                @Option(label = "Restart unless stopped by Atoll", value = "unless-stopped"),
                @Option(label = "Always restart", value = "always")
            })
    String restart_policy() default "unless-stopped";

    @AttributeDefinition(
            name = "Operation timeout (s)",
            description = "How long one engine call (create, start, inspect, list ...) may take.",
            min = "1")
    int operation_timeout_seconds() default 30;

    @AttributeDefinition(
            name = "Pull timeout (s)",
            description = "How long pulling a missing image may take.",
            min = "1")
    int pull_timeout_seconds() default 300;

    @AttributeDefinition(
            name = "Stop grace (s)",
            description = "How long remove waits for a running container to stop before killing it.",
            min = "0")
    int stop_grace_seconds() default 10;

    @AttributeDefinition(
            name = "Default CPU limit (millicores)",
            description = "The CPU limit of instances whose service sets none; 0 = unlimited.",
            min = "0")
    long default_cpu_millis() default 0;

    @AttributeDefinition(
            name = "Default memory limit (MiB)",
            description = "The memory limit of instances whose service sets none; 0 = unlimited.",
            min = "0")
    long default_memory_mb() default 0;
}

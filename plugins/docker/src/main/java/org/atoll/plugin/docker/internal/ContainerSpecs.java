package org.atoll.plugin.docker.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.spi.ProviderException;
import org.atoll.spi.backend.InstanceSpec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;

/** Turns an {@link InstanceSpec} into a container-create call. Environment values are never logged. */
final class ContainerSpecs {

    /** Docker's own rule for container names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final long MIB = 1024L * 1024L;

    private ContainerSpecs() {
    }

    /** Refuses, naming the field, what the engine would reject or misread (a relative path is a volume name). */
    static void validate(InstanceSpec spec) {
        if (!NAME.matcher(spec.id()).matches()) {
            throw invalid(spec, "its id is not a valid container name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)");
        }
        if (spec.image().isBlank()) {
            throw invalid(spec, "it names no image");
        }
        for (PortSpec p : spec.ports()) {
            if (p.container() < 1 || p.container() > 65535 || (p.host() != null && (p.host() < 1 || p.host() > 65535))) {
                throw invalid(spec, "port " + p + " is outside 1-65535");
            }
            if (!p.proto().equals("tcp") && !p.proto().equals("udp")) {
                throw invalid(spec, "port " + p.container() + " has protocol '" + p.proto() + "', not tcp or udp");
            }
        }
        spec.mounts().forEach((host, container) -> {
            if (!host.startsWith("/") || !container.startsWith("/")) {
                throw invalid(spec, "mount " + host + " -> " + container + " is not between absolute paths");
            }
        });
        for (String key : spec.env().keySet()) {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw invalid(spec, "environment variable name '" + key + "' is empty or contains '='");
            }
        }
        if (spec.network() != null && !Settings.NETWORK.matcher(spec.network()).matches()) {
            throw invalid(spec, "network '" + spec.network() + "' is not a valid Docker network name");
        }
        Resources r = spec.resources();
        if (r.cpuMillis() < 0 || r.memoryMb() < 0) {
            throw invalid(spec, "its resources are negative");
        }
    }

    static CreateContainerCmd command(DockerClient docker, InstanceSpec spec, Settings settings) {
        HostConfig host = HostConfig.newHostConfig().withRestartPolicy(restartPolicy(settings.restartPolicy()));
        String network = spec.network() != null ? spec.network() : settings.network();
        if (!network.isEmpty()) {
            host.withNetworkMode(network);
        }
        boolean hostNetwork = network.equals("host") || network.equals("none");
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (PortSpec p : spec.ports()) {
            ExposedPort port = p.proto().equals("udp") ? ExposedPort.udp(p.container()) : ExposedPort.tcp(p.container());
            exposed.add(port);
            if (!hostNetwork) {
                bindings.bind(port, p.host() == null ? Ports.Binding.empty() : Ports.Binding.bindPort(p.host()));
            }
        }
        if (!hostNetwork) {
            host.withPortBindings(bindings);
        }
        List<Mount> mounts = new ArrayList<>();
        spec.mounts().forEach((source, target) ->
                mounts.add(new Mount().withType(MountType.BIND).withSource(source).withTarget(target)));
        if (!mounts.isEmpty()) {
            host.withMounts(mounts);
        }
        long cpu = spec.resources().cpuMillis() > 0 ? spec.resources().cpuMillis() : settings.defaultLimits().cpuMillis();
        long memory = spec.resources().memoryMb() > 0 ? spec.resources().memoryMb() : settings.defaultLimits().memoryMb();
        if (cpu > 0) {
            host.withNanoCPUs(cpu * 1_000_000L);
        }
        if (memory > 0) {
            host.withMemory(memory * MIB);
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + (v == null ? "" : v)));
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(spec.id())
                .withLabels(labels(spec))
                .withEnv(env)
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (!spec.cmd().isEmpty()) {
            cmd.withCmd(spec.cmd());
        }
        return cmd;
    }

    /** The spec's extra labels, then Atoll's, which nothing in the spec may override. */
    static Map<String, String> labels(InstanceSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.ID, spec.id());
        labels.put(Labels.VERSION, Integer.toString(spec.version()));
        putIfSet(labels, Labels.DEPLOYMENT, spec.deployment());
        putIfSet(labels, Labels.SERVICE, spec.service());
        return labels;
    }

    static RestartPolicy restartPolicy(String name) {
        switch (name) {
            case "no":
                return RestartPolicy.noRestart();
            case "on-failure":
                return RestartPolicy.onFailureRestart(0);
            case "always":
                return RestartPolicy.alwaysRestart();
            default:
                return RestartPolicy.unlessStoppedRestart();
        }
    }

    private static void putIfSet(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(key, value);
        }
    }

    private static ProviderException invalid(InstanceSpec spec, String why) {
        return new ProviderException("cannot create instance \"" + spec.id() + "\": " + why, false);
    }
}

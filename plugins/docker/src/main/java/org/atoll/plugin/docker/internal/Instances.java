package org.atoll.plugin.docker.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.InstanceState;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;

/** What a container's inspection means to Atoll. */
final class Instances {

    private Instances() {
    }

    /** Whether the container carries this backend's labels for {@code id}. */
    static boolean owns(InspectContainerResponse c, String id) {
        Map<String, String> labels = labels(c);
        return "true".equals(labels.get(Labels.MANAGED)) && id.equals(labels.get(Labels.ID));
    }

    static Map<String, String> labels(InspectContainerResponse c) {
        Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static BackendInstance of(InspectContainerResponse c, String network) {
        Map<String, String> labels = labels(c);
        ContainerState s = c.getState();
        InstanceState state = state(s == null ? null : s.getStatus());
        return new BackendInstance(labels.get(Labels.ID), labels.get(Labels.NODE), c.getId(), state,
                c.getConfig() == null ? null : c.getConfig().getImage(), address(c.getNetworkSettings(), network),
                ports(c, state), startedAt(s), message(s));
    }

    static InstanceState state(String status) {
        if (status == null) {
            return InstanceState.DEAD;
        }
        switch (status) {
            case "created":
                return InstanceState.CREATED;
            case "running":
            case "restarting":
                return InstanceState.RUNNING;
            case "exited":
            case "paused":
                return InstanceState.EXITED;
            default:
                return InstanceState.DEAD;
        }
    }

    static String message(ContainerState s) {
        if (s == null) {
            return "the engine reports no state";
        }
        String status = s.getStatus() == null ? "unknown" : s.getStatus();
        String error = s.getError() == null ? "" : s.getError().trim();
        StringBuilder m = new StringBuilder();
        switch (status) {
            case "running":
            case "created":
                break;
            case "restarting":
                m.append("restarting after exit code ").append(exitCode(s));
                break;
            case "exited":
                m.append("exited with code ").append(exitCode(s));
                break;
            default:
                m.append(status);
        }
        if (Boolean.TRUE.equals(s.getOOMKilled())) {
            m.append(m.length() == 0 ? "" : "; ").append("killed: out of memory");
        }
        if (!error.isEmpty()) {
            m.append(m.length() == 0 ? "" : ": ").append(error);
        }
        return m.toString();
    }

    static Instant startedAt(ContainerState s) {
        String text = s == null ? null : s.getStartedAt();
        if (text == null || text.isBlank() || text.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long exitCode(ContainerState s) {
        return s.getExitCodeLong() == null ? 0 : s.getExitCodeLong();
    }

    /** The address on the configured network, or on the only/first network with one. */
    private static String address(NetworkSettings settings, String network) {
        if (settings == null || settings.getNetworks() == null) {
            return null;
        }
        Map<String, ContainerNetwork> networks = settings.getNetworks();
        String wanted = network.isEmpty() ? "bridge" : network;
        String ip = ip(networks.get(wanted));
        if (ip != null) {
            return ip;
        }
        return networks.values().stream().map(Instances::ip).filter(a -> a != null).findFirst().orElse(null);
    }

    private static String ip(ContainerNetwork n) {
        return n == null || n.getIpAddress() == null || n.getIpAddress().isBlank() ? null : n.getIpAddress();
    }

    /**
     * Container port to host port: what the engine published while it runs; otherwise the fixed host
     * ports it was created with (a port the engine chooses is known only once it runs).
     */
    private static Map<Integer, Integer> ports(InspectContainerResponse c, InstanceState state) {
        Map<Integer, Integer> ports = new HashMap<>();
        Ports published = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
        if (state.running() && published != null) {
            collect(published, ports);
        } else if (c.getHostConfig() != null && c.getHostConfig().getPortBindings() != null) {
            collect(c.getHostConfig().getPortBindings(), ports);
        }
        return ports;
    }

    private static void collect(Ports from, Map<Integer, Integer> into) {
        // tcp first, so that a udp port with the same number never hides the tcp one
        for (InternetProtocol protocol : new InternetProtocol[] {InternetProtocol.TCP, InternetProtocol.UDP}) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> e : from.getBindings().entrySet()) {
                if (e.getKey().getProtocol() != protocol || e.getValue() == null) {
                    continue;
                }
                for (Ports.Binding b : e.getValue()) {
                    Integer host = hostPort(b);
                    if (host != null) {
                        into.putIfAbsent(e.getKey().getPort(), host);
                        break;
                    }
                }
            }
        }
    }

    private static Integer hostPort(Ports.Binding b) {
        String spec = b == null ? null : b.getHostPortSpec();
        if (spec == null || spec.isBlank()) {
            return null;
        }
        try {
            int port = Integer.parseInt(spec.trim());
            return port > 0 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package org.atoll.kernel.internal.node;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import javax.management.JMException;
import javax.management.ObjectName;

import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.ValidationException;

/** Works out this node's identity and capacity from the configuration and the machine. */
public final class LocalNode {

    private LocalNode() {
    }

    public static Node from(KernelConfig config, Instant joined) {
        String name = config.node_name().isBlank() ? sanitize(hostName()) : config.node_name();
        long cpu = config.node_cpu_millis() > 0 ? config.node_cpu_millis()
                : Runtime.getRuntime().availableProcessors() * 1000L;
        long memory = config.node_memory_mb() > 0 ? config.node_memory_mb() : physicalMemoryMb();
        Node node = new Node(name, config.node_address(), new Resources(cpu, memory), Map.of(), joined);
        try {
            ModelValidator.validate(node);
        } catch (ValidationException e) {
            throw new ValidationException(KernelConfig.PID + " node." + e.problems().get(0).field(),
                    e.problems().get(0).message());
        }
        return node;
    }

    /** Turns a host name into a valid node name: lower case, '-' for anything else, a letter first. */
    public static String sanitize(String host) {
        String s = host.toLowerCase(Locale.ROOT);
        int dot = s.indexOf('.');
        if (dot > 0) {
            s = s.substring(0, dot);
        }
        s = s.replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "n-" + s;
        }
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.endsWith("-") ? s.substring(0, s.length() - 1) : s;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }

    /** The machine's memory, read over JMX so that no JDK-internal package is imported; 0 if unknown. */
    static long physicalMemoryMb() {
        try {
            Object bytes = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            return bytes instanceof Long b ? b / (1024 * 1024) : 0;
        } catch (JMException | RuntimeException e) {
            return 0;
        }
    }
}

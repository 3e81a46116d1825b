package org.atoll.plugin.scheduler.resource.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Why a demand could not be placed, in words an operator can act on. Only runs on failure. */
final class Reasons {

    private Reasons() {
    }

    static String why(Cluster cluster, Demand d) {
        String reason = reason(cluster, d);
        if (d.units.size() == 1) {
            return reason;
        }
        return "group " + d.group + " (" + d.units.size() + " units, " + amount(d.cpu, d.memory)
                + " in all): " + reason;
    }

    private static String reason(Cluster cluster, Demand d) {
        if (cluster.nodes().isEmpty()) {
            return "no nodes are up";
        }
        if (d.allowed != null && d.allowed.isEmpty()) {
            return "its units have no allowed node in common";
        }
        if (d.pinned != null) {
            return pinned(cluster, d);
        }
        List<NodeState> candidates = cluster.candidates(d);
        if (candidates.isEmpty()) {
            return "allowed nodes " + d.allowed + " are not up";
        }
        String allowed = d.allowed == null ? "" : "allowed ";
        // Capacity first: it is the cheaper check, and if no node has room, max per node does not matter.
        if (candidates.stream().noneMatch(n -> n.fits(d.cpu, d.memory))) {
            return noRoom("no " + allowed + "node", candidates, d.cpu, d.memory);
        }
        List<NodeState> withinLimits = new ArrayList<>();
        candidates.stream().filter(d::withinLimits).forEach(withinLimits::add);
        if (withinLimits.isEmpty()) {
            return "every " + allowed + "node" + overLimits(d, candidates);
        }
        return noRoom("no " + allowed + "node within max per node", withinLimits, d.cpu, d.memory);
    }

    private static String pinned(Cluster cluster, Demand d) {
        String on = "group " + d.group + " is on " + d.pinned + ", which ";
        NodeState node = cluster.node(d.pinned);
        if (node == null) {
            return on + "is not up";
        }
        if (d.allowed != null && !d.allowed.contains(d.pinned)) {
            return on + "is not among its allowed nodes " + d.allowed;
        }
        if (!d.withinLimits(node)) {
            return on + overLimits(d, List.of(node)).substring(1);
        }
        List<String> needs = new ArrayList<>();
        List<String> has = new ArrayList<>();
        if (!node.fitsCpu(d.cpu)) {
            needs.add(cpu(d.cpu));
            has.add(Math.max(0, node.cpuFree()) + "m");
        }
        if (!node.fitsMemory(d.memory)) {
            needs.add(memory(d.memory));
            has.add(Math.max(0, node.memoryFree()) + " MiB");
        }
        return on + "has no room (needs " + String.join(" and ", needs) + ", has " + String.join(" and ", has)
                + " free)";
    }

    /** " already runs 2 of web (max per node)", or for several units " would exceed max per node (…)". */
    private static String overLimits(Demand d, Collection<NodeState> nodes) {
        List<String> blocking = new ArrayList<>();
        for (Demand.Limit limit : d.limits) {
            if (nodes.stream().noneMatch(limit::blocks)) {
                continue;
            }
            if (d.units.size() == 1) {
                return " already runs " + limit.maxPerNode() + " of " + limit.spreadKey() + " (max per node)";
            }
            blocking.add(limit.spreadKey() + ": adds " + limit.adding() + ", max " + limit.maxPerNode());
        }
        return " would exceed max per node (" + String.join("; ", blocking) + ")";
    }

    private static String noRoom(String scope, List<NodeState> nodes, long cpu, long memory) {
        NodeState mostCpu = null;
        NodeState mostMemory = null;
        boolean cpuAnywhere = false;
        boolean memoryAnywhere = false;
        for (NodeState n : nodes) {
            cpuAnywhere |= n.fitsCpu(cpu);
            memoryAnywhere |= n.fitsMemory(memory);
            if (mostCpu == null || freeCpu(n) > freeCpu(mostCpu)) {
                mostCpu = n;
            }
            if (mostMemory == null || freeMemory(n) > freeMemory(mostMemory)) {
                mostMemory = n;
            }
        }
        String cpuShort = scope + " has " + cpu(cpu) + " free (largest free: " + mostCpu.name + " with "
                + Math.max(0, mostCpu.cpuFree()) + "m)";
        String memoryShort = scope + " has " + memory(memory) + " free (largest free: " + mostMemory.name + " with "
                + Math.max(0, mostMemory.memoryFree()) + " MiB)";
        if (!cpuAnywhere && !memoryAnywhere) {
            return cpuShort + "; " + memoryShort;
        }
        if (!cpuAnywhere) {
            return cpuShort;
        }
        if (!memoryAnywhere) {
            return memoryShort;
        }
        String most = mostCpu == mostMemory ? free(mostCpu) : free(mostCpu) + "; " + free(mostMemory);
        return scope + " has " + cpu(cpu) + " and " + memory(memory) + " free together (" + most + ")";
    }

    private static long freeCpu(NodeState n) {
        return n.cpuLimited() ? n.cpuFree() : Long.MAX_VALUE;
    }

    private static long freeMemory(NodeState n) {
        return n.memoryLimited() ? n.memoryFree() : Long.MAX_VALUE;
    }

    private static String free(NodeState n) {
        String c = n.cpuLimited() ? Math.max(0, n.cpuFree()) + "m CPU" : "unlimited CPU";
        String m = n.memoryLimited() ? Math.max(0, n.memoryFree()) + " MiB memory" : "unlimited memory";
        return n.name + " has " + c + " and " + m + " free";
    }

    static String amount(long cpu, long memory) {
        if (cpu == 0 || memory == 0) {
            return cpu == 0 && memory == 0 ? "no resources" : cpu == 0 ? memory(memory) : cpu(cpu);
        }
        return cpu(cpu) + " and " + memory(memory);
    }

    static String cpu(long millis) {
        return millis + "m CPU";
    }

    static String memory(long mb) {
        return mb + " MiB memory";
    }
}

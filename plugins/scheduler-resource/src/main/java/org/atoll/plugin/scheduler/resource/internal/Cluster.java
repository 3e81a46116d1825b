package org.atoll.plugin.scheduler.resource.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.atoll.api.model.Resources;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;

/** The nodes that are up, in name order, loaded with the existing placements; built per call. */
final class Cluster {

    private final List<NodeState> nodes;
    private final Map<String, NodeState> byName;
    private final Map<String, String> groupNodes;
    private final long cpuTotal;
    private final long memoryTotal;

    private Cluster(List<NodeState> nodes, Map<String, String> groupNodes) {
        this.nodes = List.copyOf(nodes);
        this.byName = new HashMap<>();
        long cpu = 0;
        long memory = 0;
        for (NodeState n : nodes) {
            byName.put(n.name, n);
            cpu += Math.max(0, n.cpuCapacity);
            memory += Math.max(0, n.memoryCapacity);
        }
        this.groupNodes = groupNodes;
        this.cpuTotal = cpu;
        this.memoryTotal = memory;
    }

    static Cluster of(List<NodeCapacity> nodeList, List<Placement> existing, Settings settings) {
        // A node listed twice keeps the smaller capacity per dimension, whatever the order.
        TreeMap<String, Resources> capacities = new TreeMap<>();
        for (NodeCapacity n : nodeList) {
            Objects.requireNonNull(n.node(), "node name");
            Resources c = n.capacity() == null ? Resources.NONE : n.capacity();
            capacities.merge(n.node(), c, Cluster::tighter);
        }
        List<NodeState> nodes = new ArrayList<>(capacities.size());
        capacities.forEach((name, c) -> nodes.add(new NodeState(name,
                Settings.effective(c.cpuMillis(), settings.cpuOvercommit()),
                Settings.effective(c.memoryMb(), settings.memoryOvercommit()))));
        Cluster cluster = new Cluster(nodes, new HashMap<>());

        Map<String, Map<String, Integer>> groupCounts = new TreeMap<>();
        for (Placement p : existing) {
            if (p.node() == null) {
                continue;
            }
            NodeState node = cluster.byName.get(p.node());
            if (node != null) {
                Resources r = p.resources() == null ? Resources.NONE : p.resources();
                node.add(Math.max(0, r.cpuMillis()), Math.max(0, r.memoryMb()), p.spreadKey());
            }
            if (p.group() != null) {
                groupCounts.computeIfAbsent(p.group(), g -> new TreeMap<>()).merge(p.node(), 1, Integer::sum);
            }
        }
        // A group already split over several nodes (it should not be) sticks to the node holding most of it.
        groupCounts.forEach((group, counts) -> {
            String best = null;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (best == null || e.getValue() > counts.get(best)) {
                    best = e.getKey();
                }
            }
            cluster.groupNodes.put(group, best);
        });
        return cluster;
    }

    private static Resources tighter(Resources a, Resources b) {
        return new Resources(tighter(a.cpuMillis(), b.cpuMillis()), tighter(a.memoryMb(), b.memoryMb()));
    }

    private static long tighter(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    List<NodeState> nodes() {
        return nodes;
    }

    NodeState node(String name) {
        return byName.get(name);
    }

    /** The node a group's existing placements are on, or null for a new group. */
    String groupNode(String group) {
        return group == null ? null : groupNodes.get(group);
    }

    /** The nodes a demand may use before counting and capacity: its group's node, or its allowed nodes that are up. */
    List<NodeState> candidates(Demand d) {
        if (d.pinned != null) {
            NodeState n = byName.get(d.pinned);
            return n == null || (d.allowed != null && !d.allowed.contains(d.pinned)) ? List.of() : List.of(n);
        }
        if (d.allowed == null) {
            return nodes;
        }
        List<NodeState> result = new ArrayList<>(d.allowed.size());
        for (String name : d.allowed) {
            NodeState n = byName.get(name);
            if (n != null) {
                result.add(n);
            }
        }
        return result;
    }

    /** A demand's size for ordering: its largest share of the cluster's limited capacity. */
    double share(long cpu, long memory) {
        double c = cpuTotal > 0 ? (double) cpu / cpuTotal : 0;
        double m = memoryTotal > 0 ? (double) memory / memoryTotal : 0;
        return Math.max(c, m);
    }
}

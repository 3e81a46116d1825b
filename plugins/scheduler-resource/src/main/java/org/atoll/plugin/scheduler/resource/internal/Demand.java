package org.atoll.plugin.scheduler.resource.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.atoll.spi.scheduler.PlacementUnit;

/**
 * What is placed in one step: a single unit, or every unit of a new group at once (so a group is
 * never pinned to a node that cannot hold all of it).
 */
final class Demand {

    /** Units in id order. */
    final List<PlacementUnit> units;
    /** The units' group, or null. */
    final String group;
    /** The node the group is already on, or null. */
    final String pinned;
    /** Summed requests; negative requests count as 0. */
    final long cpu;
    final long memory;
    /** The nodes every unit allows, in name order; null = any node; empty = none in common. */
    final SortedSet<String> allowed;
    /** Per spread key with a limit, by key: how many units of this demand have it, and the tightest max per node. */
    final List<Limit> limits;

    record Limit(String spreadKey, int adding, int maxPerNode) {

        boolean blocks(NodeState node) {
            return node.count(spreadKey) + adding > maxPerNode;
        }
    }

    private final double share;

    private Demand(List<PlacementUnit> units, String group, String pinned, Cluster cluster) {
        this.units = units;
        this.group = group;
        this.pinned = pinned;
        long c = 0;
        long m = 0;
        SortedSet<String> common = null;
        Map<String, Integer> adding = new HashMap<>();
        Map<String, Integer> max = new TreeMap<>();
        for (PlacementUnit u : units) {
            c += cpu(u);
            m += memory(u);
            if (!u.allowedNodes().isEmpty()) {
                TreeSet<String> own = new TreeSet<>();
                u.allowedNodes().forEach(n -> {
                    if (n != null) {
                        own.add(n);
                    }
                });
                if (common == null) {
                    common = own;
                } else {
                    common.retainAll(own);
                }
            }
            if (u.spreadKey() != null) {
                adding.merge(u.spreadKey(), 1, Integer::sum);
                if (u.maxPerNode() > 0) {
                    max.merge(u.spreadKey(), u.maxPerNode(), Math::min);
                }
            }
        }
        this.cpu = c;
        this.memory = m;
        this.allowed = common;
        List<Limit> l = new ArrayList<>(max.size());
        max.forEach((key, limit) -> l.add(new Limit(key, adding.get(key), limit)));
        this.limits = List.copyOf(l);
        this.share = cluster.share(c, m);
    }

    static long cpu(PlacementUnit u) {
        return Math.max(0, u.resources().cpuMillis());
    }

    static long memory(PlacementUnit u) {
        return Math.max(0, u.resources().memoryMb());
    }

    /** True when putting this demand on {@code node} keeps every spread key within its max per node. */
    boolean withinLimits(NodeState node) {
        for (Limit limit : limits) {
            if (limit.blocks(node)) {
                return false;
            }
        }
        return true;
    }

    /** Largest first (by share of the cluster, then memory, then CPU), then by unit id. */
    static final Comparator<Demand> ORDER = Comparator
            .comparingDouble((Demand d) -> d.share).reversed()
            .thenComparing(Comparator.comparingLong((Demand d) -> d.memory).reversed())
            .thenComparing(Comparator.comparingLong((Demand d) -> d.cpu).reversed())
            .thenComparing(d -> d.units.get(0).id());

    /**
     * Splits units into demands in placement order. Units whose id occurs more than once are not
     * placed; their reason goes into {@code unplaced}.
     */
    static List<Demand> plan(List<PlacementUnit> units, Cluster cluster, Map<String, String> unplaced) {
        Map<String, Integer> ids = new HashMap<>();
        for (PlacementUnit u : units) {
            if (u.id() == null) {
                throw new NullPointerException("unit id");
            }
            ids.merge(u.id(), 1, Integer::sum);
        }
        List<Demand> demands = new ArrayList<>();
        Map<String, List<PlacementUnit>> newGroups = new TreeMap<>();
        for (PlacementUnit u : units) {
            int seen = ids.get(u.id());
            if (seen > 1) {
                unplaced.put(u.id(), "unit id " + u.id() + " occurs " + seen + " times in the request");
                continue;
            }
            String pinned = cluster.groupNode(u.group());
            if (pinned != null) {
                demands.add(new Demand(List.of(u), u.group(), pinned, cluster));
            } else if (u.group() != null) {
                newGroups.computeIfAbsent(u.group(), g -> new ArrayList<>()).add(u);
            } else {
                demands.add(new Demand(List.of(u), null, null, cluster));
            }
        }
        newGroups.forEach((group, members) -> {
            members.sort(Comparator.comparing(PlacementUnit::id));
            demands.add(new Demand(List.copyOf(members), group, null, cluster));
        });
        demands.sort(ORDER);
        return demands;
    }
}

package org.atoll.plugin.scheduler.resource.internal;

import java.util.ArrayList;
import java.util.List;

import org.atoll.api.model.Resources;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementUnit;

/** Builders that keep the placement tests readable. */
final class Fixtures {

    private Fixtures() {
    }

    static final Settings BINPACK = Settings.of(Settings.Mode.BINPACK, 1.0, 1.0);
    static final Settings SPREAD = Settings.of(Settings.Mode.SPREAD, 1.0, 1.0);

    static NodeCapacity node(String name, long cpuMillis, long memoryMb) {
        return new NodeCapacity(name, new Resources(cpuMillis, memoryMb));
    }

    static Placement placed(String id, String node, long cpuMillis, long memoryMb) {
        return new Placement(id, node, null, null, new Resources(cpuMillis, memoryMb));
    }

    static Placement placed(String id, String node, String group, String spreadKey, long cpuMillis, long memoryMb) {
        return new Placement(id, node, group, spreadKey, new Resources(cpuMillis, memoryMb));
    }

    static Unit unit(String id, long cpuMillis, long memoryMb) {
        return new Unit(id, cpuMillis, memoryMb);
    }

    static PlacementResult place(Settings settings, List<?> units, List<NodeCapacity> nodes, List<Placement> existing) {
        List<PlacementUnit> built = new ArrayList<>();
        for (Object u : units) {
            built.add(u instanceof Unit b ? b.build() : (PlacementUnit) u);
        }
        return new ResourcePlacementStrategy("test", settings).place(new PlacementRequest(built, nodes, existing));
    }

    static PlacementResult place(Settings settings, List<?> units, List<NodeCapacity> nodes) {
        return place(settings, units, nodes, List.of());
    }

    /** A unit under construction. */
    static final class Unit {
        private final String id;
        private final long cpu;
        private final long memory;
        private String group;
        private int maxPerNode;
        private String spreadKey;
        private List<String> allowed = List.of();

        private Unit(String id, long cpu, long memory) {
            this.id = id;
            this.cpu = cpu;
            this.memory = memory;
        }

        Unit group(String g) {
            this.group = g;
            return this;
        }

        Unit spread(String key, int max) {
            this.spreadKey = key;
            this.maxPerNode = max;
            return this;
        }

        Unit allowed(String... nodes) {
            this.allowed = List.of(nodes);
            return this;
        }

        PlacementUnit build() {
            return new PlacementUnit(id, group, maxPerNode, spreadKey, new Resources(cpu, memory), allowed);
        }
    }
}

package org.atoll.plugin.scheduler.resource.internal;

import static org.atoll.plugin.scheduler.resource.internal.Fixtures.node;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementUnit;
import org.junit.jupiter.api.Test;

/** Prints how long 10,000 units on 500 nodes take; asserts only that every unit got an answer and the same one each run. */
class ScaleTest {

    @Test
    void tenThousandUnitsOnFiveHundredNodes() {
        // Asks for about 80% of the CPU and 55% of the memory: nearly everything fits.
        run("roomy", 10, 16);
    }

    @Test
    void tenThousandUnitsOnFiveHundredNodesThatCannotHoldThemAll() {
        // Asks for about 150% of the CPU and 105% of the memory: thousands of reasons to compute.
        run("overloaded", 20, 32);
    }

    private static void run(String scenario, int cpuSteps, int memorySteps) {
        Random random = new Random(7);
        List<NodeCapacity> nodes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            nodes.add(node(String.format("node-%03d", i), 8000 + 4000L * random.nextInt(4),
                    16384 + 16384L * random.nextInt(4)));
        }
        List<PlacementUnit> units = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            var u = unit("unit-" + i, 100L * (1 + random.nextInt(cpuSteps)), 128L * (1 + random.nextInt(memorySteps)));
            u.spread("job-" + i % 50, 3);
            if (i % 10 == 0) {
                u.group("group-" + i / 30);
            }
            if (i % 25 == 0) {
                u.allowed("node-" + String.format("%03d", random.nextInt(500)),
                        "node-" + String.format("%03d", random.nextInt(500)));
            }
            units.add(u.build());
        }
        PlacementRequest request = new PlacementRequest(units, nodes, List.of());

        for (Settings.Mode mode : Settings.Mode.values()) {
            var strategy = new ResourcePlacementStrategy("test", Settings.of(mode, 1.0, 1.0));
            long best = Long.MAX_VALUE;
            PlacementResult first = strategy.place(request); // also the warm-up
            PlacementResult r = first;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                r = strategy.place(request);
                best = Math.min(best, System.nanoTime() - start);
                assertEquals(first, r);
            }
            System.out.printf("scale (%s): %s placed %d of %d units on %d nodes in %d ms, best of 3 (%d unplaced)%n",
                    scenario, mode.label(), r.assignments().size(), units.size(), nodes.size(), best / 1_000_000,
                    r.unplaced().size());
            assertEquals(units.size(), r.assignments().size() + r.unplaced().size());
        }
    }
}

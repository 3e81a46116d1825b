package org.atoll.plugin.scheduler.resource.internal;

import static org.atoll.plugin.scheduler.resource.internal.Fixtures.BINPACK;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.SPREAD;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.node;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.place;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.placed;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.atoll.spi.scheduler.PlacementResult;
import org.junit.jupiter.api.Test;

class CapacityTest {

    @Test
    void memoryExhaustionNamesTheLargestFreeNode() {
        var nodes = List.of(node("s1", 4000, 1024), node("s2", 4000, 1024));
        var existing = List.of(placed("x", "s1", 0, 1024), placed("y", "s2", 0, 768));

        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 512)), nodes, existing);

        assertFalse(r.complete());
        assertEquals(Map.of(), r.assignments());
        assertEquals(Map.of("a", "no node has 512 MiB memory free (largest free: s2 with 256 MiB)"), r.unplaced());
    }

    @Test
    void cpuExhaustionNamesTheLargestFreeNode() {
        var nodes = List.of(node("s1", 1000, 4096), node("s2", 2000, 4096));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1500, 0)), nodes,
                List.of(placed("x", "s2", 1200, 0)));

        assertEquals(Map.of("a", "no node has 1500m CPU free (largest free: s1 with 1000m)"), r.unplaced());
    }

    @Test
    void bothDimensionsShortAreBothReported() {
        var nodes = List.of(node("s1", 1000, 1024), node("s2", 500, 2048));

        PlacementResult r = place(BINPACK, List.of(unit("a", 3000, 4096)), nodes);

        assertEquals(Map.of("a", "no node has 3000m CPU free (largest free: s1 with 1000m);"
                + " no node has 4096 MiB memory free (largest free: s2 with 2048 MiB)"), r.unplaced());
    }

    @Test
    void eachDimensionFitsSomewhereButNeverTogether() {
        var nodes = List.of(node("s1", 4000, 512), node("s2", 500, 4096));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 1024)), nodes);

        assertEquals(Map.of("a", "no node has 1000m CPU and 1024 MiB memory free together"
                + " (s1 has 4000m CPU and 512 MiB memory free; s2 has 500m CPU and 4096 MiB memory free)"),
                r.unplaced());
    }

    @Test
    void laterUnitsSeeTheCapacityEarlierUnitsTook() {
        var nodes = List.of(node("s1", 2000, 2048));

        PlacementResult r = place(SPREAD, List.of(unit("a", 1000, 1024), unit("b", 1000, 1024),
                unit("c", 1000, 1024)), nodes);

        assertEquals(Map.of("a", "s1", "b", "s1"), r.assignments());
        assertEquals(Map.of("c", "no node has 1000m CPU free (largest free: s1 with 0m);"
                + " no node has 1024 MiB memory free (largest free: s1 with 0 MiB)"), r.unplaced());
    }

    @Test
    void anOvercommittedNodeShowsNoNegativeFreeSpace() {
        var nodes = List.of(node("s1", 1000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("a", 0, 1)), nodes, List.of(placed("x", "s1", 0, 2048)));

        assertEquals(Map.of("a", "no node has 1 MiB memory free (largest free: s1 with 0 MiB)"), r.unplaced());
    }

    @Test
    void cpuOvercommitMultipliesWhatANodeOffers() {
        var nodes = List.of(node("s1", 1000, 0));
        var units = List.of(unit("a", 500, 0), unit("b", 500, 0), unit("c", 500, 0), unit("d", 500, 0),
                unit("e", 500, 0));

        PlacementResult plain = place(BINPACK, units, nodes);
        PlacementResult doubled = place(Settings.of(Settings.Mode.BINPACK, 2.0, 1.0), units, nodes);

        assertEquals(Map.of("a", "s1", "b", "s1"), plain.assignments());
        assertEquals(Map.of("a", "s1", "b", "s1", "c", "s1", "d", "s1"), doubled.assignments());
        assertEquals(Map.of("e", "no node has 500m CPU free (largest free: s1 with 0m)"), doubled.unplaced());
    }

    @Test
    void memoryOvercommitBelowOneKeepsAReserve() {
        var nodes = List.of(node("s1", 0, 1000));
        var units = List.of(unit("a", 0, 400), unit("b", 0, 400));

        PlacementResult r = place(Settings.of(Settings.Mode.BINPACK, 1.0, 0.5), units, nodes);

        assertEquals(Map.of("a", "s1"), r.assignments());
        assertEquals(Map.of("b", "no node has 400 MiB memory free (largest free: s1 with 100 MiB)"), r.unplaced());
    }

    @Test
    void overcommitCountsExistingPlacementsAgainstTheRaisedCapacity() {
        var nodes = List.of(node("s1", 1000, 1024));
        var existing = List.of(placed("x", "s1", 1000, 1024));

        PlacementResult r = place(Settings.of(Settings.Mode.BINPACK, 1.5, 1.5), List.of(unit("a", 500, 512)), nodes,
                existing);

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void aZeroCapacityDimensionIsNotLimited() {
        // s1 reports no memory: memory never stops it. CPU still does.
        var nodes = List.of(node("s1", 1000, 0));

        PlacementResult r = place(BINPACK, List.of(unit("a", 400, 100_000), unit("b", 400, 100_000),
                unit("c", 400, 100_000)), nodes);

        assertEquals(Map.of("a", "s1", "b", "s1"), r.assignments());
        assertEquals(Map.of("c", "no node has 400m CPU free (largest free: s1 with 200m)"), r.unplaced());
    }

    @Test
    void aNodeWithNoLimitsTakesEverything() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 1_000_000, 1_000_000), unit("b", 5, 5)),
                List.of(node("s1", 0, 0)));

        assertEquals(Map.of("a", "s1", "b", "s1"), r.assignments());
    }

    @Test
    void aZeroRequestUsesNothingAndFitsAFullNode() {
        var nodes = List.of(node("s1", 1000, 1024));
        var existing = List.of(placed("x", "s1", 1000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("a", 0, 0), unit("b", 0, 0)), nodes, existing);

        assertEquals(Map.of("a", "s1", "b", "s1"), r.assignments());
    }

    @Test
    void aZeroRequestDimensionIgnoresThatDimension() {
        var nodes = List.of(node("s1", 1000, 1024));
        var existing = List.of(placed("x", "s1", 1000, 0));

        PlacementResult r = place(BINPACK, List.of(unit("a", 0, 512)), nodes, existing);

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void existingPlacementsOnNodesThatAreNotUpAreIgnoredForCapacity() {
        var nodes = List.of(node("s1", 1000, 1024));
        var existing = List.of(placed("x", "gone", 1000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 1024)), nodes, existing);

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void aTinyRatioNeverMakesALimitedNodeUnlimited() {
        var nodes = List.of(node("s1", 1, 1));

        PlacementResult r = place(Settings.of(Settings.Mode.BINPACK, 0.01, 0.01), List.of(unit("a", 2, 0)), nodes);

        assertEquals(Map.of("a", "no node has 2m CPU free (largest free: s1 with 1m)"), r.unplaced());
    }
}

package org.atoll.plugin.scheduler.resource.internal;

import static org.atoll.plugin.scheduler.resource.internal.Fixtures.BINPACK;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.SPREAD;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.node;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.place;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.placed;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.spi.scheduler.PlacementResult;
import org.junit.jupiter.api.Test;

class StrategyTest {

    private static final List<org.atoll.spi.scheduler.NodeCapacity> TWO_EQUAL =
            List.of(node("s1", 4000, 4096), node("s2", 4000, 4096));

    @Test
    void binpackFillsOneNodeBeforeTheNext() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 1024), unit("b", 1000, 1024),
                unit("c", 1000, 1024), unit("d", 1000, 1024), unit("e", 1000, 1024)), TWO_EQUAL);

        assertEquals(Map.of("a", "s1", "b", "s1", "c", "s1", "d", "s1", "e", "s2"), r.assignments());
        assertTrue(r.complete());
    }

    @Test
    void spreadAlternatesBetweenEqualNodes() {
        PlacementResult r = place(SPREAD, List.of(unit("a", 1000, 1024), unit("b", 1000, 1024),
                unit("c", 1000, 1024), unit("d", 1000, 1024)), TWO_EQUAL);

        assertEquals(Map.of("a", "s1", "b", "s2", "c", "s1", "d", "s2"), r.assignments());
    }

    @Test
    void binpackPrefersTheMostLoadedNodeThatStillFits() {
        var nodes = List.of(node("s1", 4000, 4096), node("s2", 4000, 4096), node("s3", 4000, 4096));
        var existing = List.of(placed("x", "s2", 2000, 2048), placed("y", "s3", 3500, 3584));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 1024)), nodes, existing);

        // s3 is the most loaded but has only 500m/512 MiB left; s2 is the most loaded that fits.
        assertEquals(Map.of("a", "s2"), r.assignments());
    }

    @Test
    void spreadPrefersTheLeastLoadedNodeByFractionNotBySize() {
        // s1 is bigger but half full; s2 is small and empty.
        var nodes = List.of(node("s1", 8000, 8192), node("s2", 2000, 2048));
        var existing = List.of(placed("x", "s1", 4000, 4096));

        PlacementResult r = place(SPREAD, List.of(unit("a", 500, 512)), nodes, existing);

        assertEquals(Map.of("a", "s2"), r.assignments());
    }

    @Test
    void spreadBreaksEqualLoadByFewerInstancesThenByName() {
        // No limits at all: every node is equally (un)loaded, so instance counts decide.
        var nodes = List.of(node("s3", 0, 0), node("s1", 0, 0), node("s2", 0, 0));
        var existing = List.of(placed("x", "s1", 0, 0));

        PlacementResult r = place(SPREAD, List.of(unit("a", 100, 100), unit("b", 100, 100)), nodes, existing);

        assertEquals(Map.of("a", "s2", "b", "s3"), r.assignments());
    }

    @Test
    void binpackBreaksTiesByName() {
        var nodes = List.of(node("s9", 1000, 1024), node("s10", 1000, 1024), node("s1", 1000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 100)), nodes);

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void largerUnitsArePlacedFirstWhateverTheirIds() {
        var nodes = List.of(node("s1", 1000, 1000), node("s2", 1000, 1000));
        // In id order, spread would put a and b on different nodes and leave no room for c.
        PlacementResult r = place(SPREAD, List.of(unit("a", 300, 300), unit("b", 300, 300),
                unit("c", 1000, 1000)), nodes);

        assertEquals(Map.of("c", "s1", "a", "s2", "b", "s2"), r.assignments());
        assertTrue(r.complete());
    }

    @Test
    void sizeIsTheLargerShareOfTheCluster() {
        // Memory is scarce (2 GiB in all), CPU plentiful: a 1 GiB unit is bigger than a 4-core one.
        var nodes = List.of(node("s1", 8000, 1024), node("s2", 8000, 1024));
        PlacementResult r = place(SPREAD, List.of(unit("a-cpu", 4000, 10), unit("b-mem", 10, 1024)), nodes);

        // b-mem goes first and takes s1; in id order a-cpu would have taken s1 instead.
        assertEquals(Map.of("b-mem", "s1", "a-cpu", "s2"), r.assignments());
    }
}

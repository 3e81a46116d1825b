package org.atoll.plugin.scheduler.resource.internal;

import static org.atoll.plugin.scheduler.resource.internal.Fixtures.BINPACK;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.SPREAD;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.node;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.place;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.placed;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.PlacementResult;
import org.junit.jupiter.api.Test;

class GroupTest {

    private static final List<NodeCapacity> THREE =
            List.of(node("s1", 4000, 4096), node("s2", 4000, 4096), node("s3", 4000, 4096));

    @Test
    void aNewGroupGoesToOneNodeEvenWhenSpreading() {
        PlacementResult r = place(SPREAD, List.of(unit("web", 500, 512).group("app"),
                unit("db", 1000, 1024).group("app"), unit("cache", 250, 256).group("app"),
                unit("other", 500, 512)), THREE);

        assertEquals(Map.of("web", "s1", "db", "s1", "cache", "s1", "other", "s2"), r.assignments());
    }

    @Test
    void aNewGroupNeedsANodeWithRoomForAllOfIt() {
        // Unit by unit, binpack would start the group on the fuller s1; only s3 can hold all of it.
        var existing = List.of(placed("x", "s1", 3000, 3072), placed("y", "s2", 2000, 2048));

        PlacementResult r = place(BINPACK, List.of(unit("a", 900, 900).group("g"), unit("b", 900, 900).group("g"),
                unit("c", 900, 900).group("g")), THREE, existing);

        assertEquals(Map.of("a", "s3", "b", "s3", "c", "s3"), r.assignments());
    }

    @Test
    void aNewGroupThatFitsNowhereIsLeftWholeWithItsTotal() {
        var nodes = List.of(node("s1", 4000, 1024), node("s2", 4000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 512).group("db"), unit("b", 100, 512).group("db"),
                unit("c", 100, 512).group("db")), nodes);

        String reason = "group db (3 units, 300m CPU and 1536 MiB memory in all):"
                + " no node has 1536 MiB memory free (largest free: s1 with 1024 MiB)";
        assertEquals(Map.of(), r.assignments());
        assertEquals(Map.of("a", reason, "b", reason, "c", reason), r.unplaced());
    }

    @Test
    void anExistingGroupOnlyUsesItsNode() {
        // Spread would pick the empty s1 or s3; the group's node is s2.
        var existing = List.of(placed("db-1", "s2", "db", null, 1000, 1024));

        PlacementResult r = place(SPREAD, List.of(unit("db-2", 500, 512).group("db"),
                unit("free", 500, 512)), THREE, existing);

        assertEquals(Map.of("db-2", "s2", "free", "s1"), r.assignments());
    }

    @Test
    void anExistingGroupWhoseNodeIsFullExplainsWhy() {
        var existing = List.of(placed("db-1", "s1", "db", null, 1000, 3840));

        PlacementResult r = place(BINPACK, List.of(unit("db-2", 500, 512).group("db")), THREE, existing);

        assertEquals(Map.of("db-2", "group db is on s1, which has no room (needs 512 MiB memory, has 256 MiB free)"),
                r.unplaced());
    }

    @Test
    void anExistingGroupPlacesWhatFitsAndExplainsTheRest() {
        var existing = List.of(placed("db-1", "s1", "db", null, 3000, 1024));

        PlacementResult r = place(BINPACK, List.of(unit("db-2", 500, 512).group("db"),
                unit("db-3", 500, 512).group("db"), unit("db-4", 500, 512).group("db")), THREE, existing);

        assertEquals(Map.of("db-2", "s1", "db-3", "s1"), r.assignments());
        assertEquals(Map.of("db-4", "group db is on s1, which has no room (needs 500m CPU, has 0m free)"),
                r.unplaced());
    }

    @Test
    void anExistingGroupOnANodeThatIsDownWaitsForIt() {
        var existing = List.of(placed("db-1", "s7", "db", null, 100, 100));

        PlacementResult r = place(BINPACK, List.of(unit("db-2", 100, 100).group("db")), THREE, existing);

        assertEquals(Map.of("db-2", "group db is on s7, which is not up"), r.unplaced());
    }

    @Test
    void anExistingGroupOutsideTheAllowedNodesIsReported() {
        var existing = List.of(placed("db-1", "s1", "db", null, 100, 100));

        PlacementResult r = place(BINPACK, List.of(unit("db-2", 100, 100).group("db").allowed("s2", "s3")),
                THREE, existing);

        assertEquals(Map.of("db-2", "group db is on s1, which is not among its allowed nodes [s2, s3]"),
                r.unplaced());
    }

    @Test
    void aGroupSplitOverNodesSticksToTheNodeWithMostOfIt() {
        var existing = List.of(placed("g-1", "s3", "g", null, 0, 0), placed("g-2", "s3", "g", null, 0, 0),
                placed("g-3", "s1", "g", null, 0, 0));

        PlacementResult r = place(SPREAD, List.of(unit("g-4", 100, 100).group("g")), THREE, existing);

        assertEquals(Map.of("g-4", "s3"), r.assignments());
    }

    @Test
    void groupUnitsMustShareAnAllowedNode() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 100).group("g").allowed("s1", "s2"),
                unit("b", 100, 100).group("g").allowed("s2", "s3")), THREE);
        assertEquals(Map.of("a", "s2", "b", "s2"), r.assignments());

        PlacementResult none = place(BINPACK, List.of(unit("a", 100, 100).group("g").allowed("s1"),
                unit("b", 100, 100).group("g").allowed("s3")), THREE);
        String reason = "group g (2 units, 200m CPU and 200 MiB memory in all): its units have no allowed node in common";
        assertEquals(Map.of("a", reason, "b", reason), none.unplaced());
    }

    @Test
    void differentGroupsAreIndependent() {
        PlacementResult r = place(SPREAD, List.of(unit("a1", 1000, 1024).group("a"), unit("a2", 1000, 1024).group("a"),
                unit("b1", 1000, 1024).group("b"), unit("b2", 1000, 1024).group("b")), THREE);

        assertEquals(Map.of("a1", "s1", "a2", "s1", "b1", "s2", "b2", "s2"), r.assignments());
    }
}

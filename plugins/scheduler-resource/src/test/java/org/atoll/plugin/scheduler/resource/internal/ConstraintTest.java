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

/** max-per-node and allowed nodes. */
class ConstraintTest {

    private static final List<NodeCapacity> THREE =
            List.of(node("s1", 4000, 4096), node("s2", 4000, 4096), node("s3", 4000, 4096));

    @Test
    void maxPerNodeOverridesBinpack() {
        PlacementResult r = place(BINPACK, List.of(unit("web-1", 100, 100).spread("web", 2),
                unit("web-2", 100, 100).spread("web", 2), unit("web-3", 100, 100).spread("web", 2),
                unit("web-4", 100, 100).spread("web", 2), unit("web-5", 100, 100).spread("web", 2)), THREE);

        assertEquals(Map.of("web-1", "s1", "web-2", "s1", "web-3", "s2", "web-4", "s2", "web-5", "s3"),
                r.assignments());
    }

    @Test
    void maxPerNodeCountsExistingPlacements() {
        var existing = List.of(placed("web-1", "s1", null, "web", 100, 100),
                placed("web-2", "s1", null, "web", 100, 100), placed("web-3", "s2", null, "web", 100, 100));

        PlacementResult r = place(BINPACK, List.of(unit("web-4", 100, 100).spread("web", 2),
                unit("web-5", 100, 100).spread("web", 2)), THREE, existing);

        // s1 is full for web; s2 has room for one more (and is the more loaded of s2/s3).
        assertEquals(Map.of("web-4", "s2", "web-5", "s3"), r.assignments());
    }

    @Test
    void everyNodeAtItsMaxIsReported() {
        var existing = List.of(placed("web-1", "s1", null, "web", 0, 0), placed("web-2", "s1", null, "web", 0, 0),
                placed("web-3", "s2", null, "web", 0, 0), placed("web-4", "s2", null, "web", 0, 0));

        PlacementResult r = place(BINPACK, List.of(unit("web-5", 100, 100).spread("web", 2)),
                List.of(node("s1", 4000, 4096), node("s2", 4000, 4096)), existing);

        assertEquals(Map.of("web-5", "every node already runs 2 of web (max per node)"), r.unplaced());
    }

    @Test
    void otherSpreadKeysDoNotCount() {
        var existing = List.of(placed("api-1", "s1", null, "api", 0, 0), placed("api-2", "s1", null, "api", 0, 0));

        PlacementResult r = place(BINPACK, List.of(unit("web-1", 100, 100).spread("web", 1)), THREE, existing);

        assertEquals(Map.of("web-1", "s1"), r.assignments());
    }

    @Test
    void zeroMaxPerNodeMeansNoLimit() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 100).spread("web", 0),
                unit("b", 100, 100).spread("web", 0), unit("c", 100, 100).spread("web", 0)), THREE);

        assertEquals(Map.of("a", "s1", "b", "s1", "c", "s1"), r.assignments());
    }

    @Test
    void maxPerNodeAndCapacityTogetherNameBoth() {
        // s1 is at max for web, s2 has no memory left.
        var existing = List.of(placed("web-1", "s1", null, "web", 0, 0), placed("big", "s2", 0, 4096));

        PlacementResult r = place(BINPACK, List.of(unit("web-2", 100, 512).spread("web", 1)),
                List.of(node("s1", 4000, 4096), node("s2", 4000, 4096)), existing);

        assertEquals(Map.of("web-2", "no node within max per node has 512 MiB memory free"
                + " (largest free: s2 with 0 MiB)"), r.unplaced());
    }

    @Test
    void aGroupCountsAllItsUnitsAgainstMaxPerNode() {
        var existing = List.of(placed("web-1", "s1", null, "web", 0, 0));

        PlacementResult r = place(BINPACK, List.of(unit("web-2", 100, 100).group("g").spread("web", 2),
                unit("web-3", 100, 100).group("g").spread("web", 2)),
                List.of(node("s1", 4000, 4096), node("s2", 4000, 4096)), existing);
        assertEquals(Map.of("web-2", "s2", "web-3", "s2"), r.assignments());

        PlacementResult tooMany = place(BINPACK, List.of(unit("web-2", 100, 100).group("g").spread("web", 1),
                unit("web-3", 100, 100).group("g").spread("web", 1)), List.of(node("s1", 4000, 4096)));
        String reason = "group g (2 units, 200m CPU and 200 MiB memory in all):"
                + " every node would exceed max per node (web: adds 2, max 1)";
        assertEquals(Map.of("web-2", reason, "web-3", reason), tooMany.unplaced());
    }

    @Test
    void anExistingGroupAtItsMaxIsReported() {
        var existing = List.of(placed("web-1", "s1", "g", "web", 0, 0), placed("web-2", "s1", "g", "web", 0, 0));

        PlacementResult r = place(BINPACK, List.of(unit("web-3", 100, 100).group("g").spread("web", 2)), THREE,
                existing);

        assertEquals(Map.of("web-3", "group g is on s1, which already runs 2 of web (max per node)"), r.unplaced());
    }

    @Test
    void allowedNodesRestrictTheChoice() {
        PlacementResult r = place(SPREAD, List.of(unit("a", 100, 100).allowed("s3"),
                unit("b", 100, 100).allowed("s2", "s3"), unit("c", 100, 100).allowed("s3")), THREE);

        assertEquals(Map.of("a", "s3", "b", "s2", "c", "s3"), r.assignments());
    }

    @Test
    void unknownAllowedNodesAreReported() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 100).allowed("s9"),
                unit("b", 100, 100).allowed("s9", "s1"), unit("c", 100, 100).allowed("s8", "s9")), THREE);

        assertEquals(Map.of("b", "s1"), r.assignments());
        assertEquals(Map.of("a", "allowed nodes [s9] are not up", "c", "allowed nodes [s8, s9] are not up"),
                r.unplaced());
    }

    @Test
    void allowedNodesWithoutRoomSayAllowed() {
        var existing = List.of(placed("x", "s2", 4000, 0));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 100).allowed("s2")), THREE, existing);

        assertEquals(Map.of("a", "no allowed node has 1000m CPU free (largest free: s2 with 0m)"), r.unplaced());
    }

    @Test
    void allowedNodesAtTheirMaxSayAllowed() {
        var existing = List.of(placed("web-1", "s2", null, "web", 0, 0));

        PlacementResult r = place(BINPACK, List.of(unit("web-2", 100, 100).spread("web", 1).allowed("s2")), THREE,
                existing);

        assertEquals(Map.of("web-2", "every allowed node already runs 1 of web (max per node)"), r.unplaced());
    }
}

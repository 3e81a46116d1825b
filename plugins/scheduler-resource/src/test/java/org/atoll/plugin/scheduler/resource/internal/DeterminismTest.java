package org.atoll.plugin.scheduler.resource.internal;

import static org.atoll.plugin.scheduler.resource.internal.Fixtures.BINPACK;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.SPREAD;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.node;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.place;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.placed;
import static org.atoll.plugin.scheduler.resource.internal.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.atoll.api.model.Resources;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    @ParameterizedTest
    @ValueSource(strings = {"BINPACK", "SPREAD"})
    void shuffledInputsGiveTheSameAnswer(String mode) {
        Settings settings = Settings.of(Settings.Mode.valueOf(mode), 1.0, 1.0);
        Random random = new Random(42);
        List<NodeCapacity> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(node("n" + i, 1000 + 500L * random.nextInt(8), i % 7 == 0 ? 0 : 1024L * (1 + random.nextInt(8))));
        }
        List<Placement> existing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            existing.add(placed("e" + i, "n" + random.nextInt(22), i % 5 == 0 ? "g" + i % 3 : null,
                    i % 2 == 0 ? "web" : null, 100L * random.nextInt(5), 128L * random.nextInt(5)));
        }
        List<PlacementUnit> units = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            var u = unit("u" + i, 100L * random.nextInt(10), 128L * random.nextInt(10));
            if (i % 9 == 0) {
                u.group("g" + i % 4);
            }
            if (i % 3 == 0) {
                u.spread("web", 4);
            }
            if (i % 11 == 0) {
                u.allowed("n" + random.nextInt(25), "n" + random.nextInt(25));
            }
            units.add(u.build());
        }

        PlacementResult first = place(settings, units, nodes, existing);
        assertFalse(first.assignments().isEmpty());
        assertFalse(first.unplaced().isEmpty(), "the scenario should exercise the reasons too");
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(nodes, random);
            Collections.shuffle(existing, random);
            Collections.shuffle(units, random);
            PlacementResult again = place(settings, units, nodes, existing);
            assertEquals(first.assignments(), again.assignments());
            assertEquals(first.unplaced(), again.unplaced());
        }
    }

    @Test
    void theSameStrategyObjectKeepsNoStateBetweenCalls() {
        var strategy = new ResourcePlacementStrategy("test", BINPACK);
        var request = new PlacementRequest(List.of(unit("a", 1000, 1024).build()), List.of(node("s1", 1000, 1024)),
                List.of());

        PlacementResult first = strategy.place(request);
        PlacementResult second = strategy.place(request);

        assertEquals(Map.of("a", "s1"), first.assignments());
        assertEquals(first, second);
    }

    @Test
    void noUnitsGiveAnEmptyCompleteResult() {
        PlacementResult r = place(BINPACK, List.of(), List.of(node("s1", 1000, 1024)));

        assertTrue(r.complete());
        assertTrue(r.assignments().isEmpty());
    }

    @Test
    void noNodesLeaveEveryUnitUnplaced() {
        PlacementResult r = place(SPREAD, List.of(unit("a", 100, 100), unit("b", 0, 0).group("g"),
                unit("c", 0, 0).group("g")), List.of());

        assertEquals(Map.of(), r.assignments());
        assertEquals("no nodes are up", r.unplaced().get("a"));
        assertEquals("group g (2 units, no resources in all): no nodes are up", r.unplaced().get("b"));
        assertEquals(3, r.unplaced().size());
    }

    @Test
    void duplicateUnitIdsAreNotPlaced() {
        PlacementResult r = place(BINPACK, List.of(unit("a", 100, 100), unit("a", 200, 200), unit("b", 100, 100)),
                List.of(node("s1", 1000, 1024)));

        assertEquals(Map.of("b", "s1"), r.assignments());
        assertEquals(Map.of("a", "unit id a occurs 2 times in the request"), r.unplaced());
    }

    @Test
    void aNodeListedTwiceKeepsTheSmallerCapacity() {
        var nodes = List.of(node("s1", 1000, 0), node("s1", 0, 1024), node("s1", 2000, 2048));

        PlacementResult r = place(BINPACK, List.of(unit("a", 1000, 1024), unit("b", 1, 0)), nodes);

        assertEquals(Map.of("a", "s1"), r.assignments());
        assertEquals(Map.of("b", "no node has 1m CPU free (largest free: s1 with 0m)"), r.unplaced());
    }

    @Test
    void missingCapacityAndResourcesMeanNone() {
        var nodes = List.of(new NodeCapacity("s1", null));
        var existing = List.of(new Placement("x", "s1", null, null, null));
        var units = List.of(new PlacementUnit("a", null, 0, null, null, null));

        PlacementResult r = place(BINPACK, units, nodes, existing);

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void negativeRequestsUseNothing() {
        PlacementResult r = place(BINPACK, List.of(new PlacementUnit("a", null, 0, null, new Resources(-5, -5), null)),
                List.of(node("s1", 10, 10)), List.of(placed("x", "s1", 10, 10)));

        assertEquals(Map.of("a", "s1"), r.assignments());
    }

    @Test
    void aNullRequestIsRejected() {
        var strategy = new ResourcePlacementStrategy("test", BINPACK);
        assertThrows(NullPointerException.class, () -> strategy.place(null));
    }
}

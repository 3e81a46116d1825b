package org.atoll.kernel.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.junit.jupiter.api.Test;

class InstanceSchedulerTest {

    private static final Resources HALF = new Resources(500, 256);
    private static final ServiceSpec WEB = new ServiceSpec("web", null, null, null, null, null, 3, null, HALF, null);
    private static final List<Node> NODES = List.of(node("s1"), node("s2"));

    private static Node node(String name) {
        return new Node(name, "10.0.0.1", new Resources(1000, 512), Map.of(), null);
    }

    private static List<Instance> schedule(ServiceSpec spec, int version, List<Instance> current, List<Instance> others,
            List<Node> nodes) {
        return InstanceScheduler.schedule("foo", "web", version, spec, current, others, nodes, new FirstFit(), i -> HALF);
    }

    private static List<String> nodesOf(List<Instance> instances) {
        return instances.stream().map(Instance::node).toList();
    }

    @Test
    void placesEveryOrdinalOnNodesThatHaveRoom() {
        List<Instance> placed = schedule(WEB, 1, List.of(), List.of(), NODES);
        assertEquals(List.of("foo-web-1-1", "foo-web-1-2", "foo-web-1-3"), placed.stream().map(Instance::id).toList());
        assertEquals(List.of("s1", "s1", "s2"), nodesOf(placed));
    }

    @Test
    void instancesThatStayKeepTheirNode() {
        List<Instance> current = List.of(Instance.of("foo", "web", 1, 1, "s2"), Instance.of("foo", "web", 1, 2, "s2"));
        List<Instance> placed = schedule(WEB, 1, current, List.of(), NODES);
        assertEquals(List.of("s2", "s2", "s1"), nodesOf(placed));
    }

    @Test
    void scalingDownDropsTheHighestOrdinals() {
        List<Instance> current = schedule(WEB, 1, List.of(), List.of(), NODES);
        List<Instance> placed = schedule(WEB.withCount(1), 1, current, List.of(), NODES);
        assertEquals(List.of(current.get(0)), placed);
    }

    @Test
    void instancesOnANodeThatIsDownAreRescheduled() {
        List<Instance> current = List.of(Instance.of("foo", "web", 1, 1, "s3"));
        List<Instance> placed = schedule(WEB.withCount(1), 1, current, List.of(), NODES);
        assertEquals(List.of("s1"), nodesOf(placed));
    }

    @Test
    void aNewVersionGetsNewInstancesAndOtherServicesUseCapacity() {
        List<Instance> others = List.of(Instance.of("foo", "db", 1, 1, "s1"), Instance.of("foo", "db", 1, 2, "s1"));
        List<Instance> placed = schedule(WEB.withCount(2), 2, List.of(), others, NODES);
        assertEquals(List.of("foo-web-2-1", "foo-web-2-2"), placed.stream().map(Instance::id).toList());
        assertEquals(List.of("s2", "s2"), nodesOf(placed));
    }

    @Test
    void allowedNodesArePassedToTheStrategy() {
        ServiceSpec pinned = new ServiceSpec("web", null, null, null, null, null, 1, null, HALF, List.of("s2"));
        assertEquals(List.of("s2"), nodesOf(schedule(pinned, 1, List.of(), List.of(), NODES)));
        List<Instance> wrongNode = List.of(Instance.of("foo", "web", 1, 1, "s1"));
        assertEquals(List.of("s2"), nodesOf(schedule(pinned, 1, wrongNode, List.of(), NODES)));
    }

    @Test
    void whatCannotBePlacedIsNamedAndNothingIsReturned() {
        SchedulingException e = assertThrows(SchedulingException.class,
                () -> schedule(WEB.withCount(5), 1, List.of(), List.of(), NODES));
        assertEquals("cannot place foo-web-1-5: no room", e.getMessage());
    }

    @Test
    void aStrategyThatAnswersADownNodeIsRefused() {
        PlacementStrategy liar = new PlacementStrategy() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("liar", "", "");
            }

            @Override
            public PlacementResult place(org.atoll.spi.scheduler.PlacementRequest request) {
                return new PlacementResult(Map.of("foo-web-1-1", "s9"), Map.of());
            }
        };
        SchedulingException e = assertThrows(SchedulingException.class, () -> InstanceScheduler.schedule("foo", "web", 1,
                WEB.withCount(1), List.of(), List.of(), NODES, liar, i -> HALF));
        assertTrue(e.getMessage().contains("answered node s9, which is not up"), e.getMessage());
    }
}

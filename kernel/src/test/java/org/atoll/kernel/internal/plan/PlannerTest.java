package org.atoll.kernel.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atoll.api.model.Instance;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.InstanceState;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final ServiceSpec WEB = new ServiceSpec("local/web:1", null, null, null, null,
            List.of(new LinkSpec("db", 5432, null)), 2, null, null, null);
    private static final ServiceSpec DB = ServiceSpec.of("local/db:1", 1);

    private static ServiceSpec spec(Instance i) {
        return i.service().equals("web") ? WEB : DB;
    }

    private static BackendInstance seen(String id, InstanceState state) {
        return new BackendInstance(id, "s1", "c-" + id, state, "img", null, null, null, state == InstanceState.DEAD ? "oom" : "");
    }

    @Test
    void nothingToDoIsNoChanges() {
        Instance web = Instance.of("foo", "web", 1, 1, "s1");
        Plan plan = Planner.plan("docker", "s1", List.of(web), List.of(seen(web.id(), InstanceState.RUNNING)),
                PlannerTest::spec);
        assertTrue(plan.isEmpty());
        assertEquals("No changes.", plan.render());
    }

    @Test
    void linkedServicesRunFirstAndRemovalsComeLast() {
        Instance web1 = Instance.of("foo", "web", 2, 1, "s1");
        Instance web2 = Instance.of("foo", "web", 2, 2, "s1");
        Instance db = Instance.of("foo", "db", 1, 1, "s1");
        Plan plan = Planner.plan("docker", "s1", List.of(web2, web1, db),
                List.of(seen("foo-web-1-1", InstanceState.RUNNING)), PlannerTest::spec);
        assertEquals(List.of("foo-db-1-1", "foo-web-2-1", "foo-web-2-2", "foo-web-1-1"),
                plan.steps().stream().map(Step::target).toList());
        assertEquals(List.of(Step.Action.RUN, Step.Action.RUN, Step.Action.RUN, Step.Action.REMOVE),
                plan.steps().stream().map(Step::action).toList());
        assertEquals("""
                + run      foo-db-1-1 on s1 (local/db:1)
                + run      foo-web-2-1 on s1 (local/web:1)
                + run      foo-web-2-2 on s1 (local/web:1)
                - remove   foo-web-1-1 on s1 (not desired)
                Plan: 3 to run, 1 to remove.""", plan.render());
    }

    @Test
    void stoppedInstancesAreStartedAndDeadOnesRecreated() {
        Instance a = Instance.of("foo", "db", 1, 1, "s1");
        Instance b = Instance.of("foo", "db", 1, 2, "s1");
        Plan plan = Planner.plan("docker", "s1", List.of(a, b),
                List.of(seen(a.id(), InstanceState.EXITED), seen(b.id(), InstanceState.DEAD)), PlannerTest::spec);
        assertEquals(List.of(Step.Action.START, Step.Action.RECREATE), plan.steps().stream().map(Step::action).toList());
        assertEquals(Map.of(Step.Action.START, 1L, Step.Action.RECREATE, 1L), plan.counts());
        assertTrue(plan.render().contains("~ recreate foo-db-1-2 on s1 (oom)"), plan.render());
    }

    @Test
    void linkCyclesDoNotHangThePlanner() {
        ServiceSpec a = new ServiceSpec("a", null, null, null, null, List.of(new LinkSpec("b", 1, null)), 1, null, null, null);
        ServiceSpec b = new ServiceSpec("b", null, null, null, null, List.of(new LinkSpec("a", 1, null)), 1, null, null, null);
        Plan plan = Planner.plan("docker", "s1", List.of(Instance.of("d", "a", 1, 1, "s1"), Instance.of("d", "b", 1, 1, "s1")),
                List.of(), i -> i.service().equals("a") ? a : b);
        assertEquals(2, plan.steps().size());
    }

    @Test
    void capabilitiesFollowFromTheSpec() {
        assertEquals(Set.of(), Planner.requiredCapabilities(ServiceSpec.of("x", 1)));
        ServiceSpec full = new ServiceSpec("x", null, null, List.of(PortSpec.tcp(80)), Map.of("d", "/d"), null, 1, null,
                new Resources(100, 0), null);
        assertEquals(Set.of("ports", "volumes", "resource-limits"), Planner.requiredCapabilities(full));
    }
}

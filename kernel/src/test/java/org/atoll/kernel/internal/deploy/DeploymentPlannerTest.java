package org.atoll.kernel.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.schedule.FirstFit;
import org.junit.jupiter.api.Test;

/** The Flocker example: moving an app between nodes is a re-deploy, not a new version. */
class DeploymentPlannerTest {

    private static final Instant T = Instant.parse("2026-11-22T00:00:00Z");

    private static ServiceSpec pinned(String image, String node) {
        return new ServiceSpec(image, null, null, null, null, null, 1, null, null, List.of(node));
    }

    private static Node node(String name) {
        return new Node(name, "10.0.0.1", new Resources(0, 0), Map.of(), T);
    }

    @Test
    void movingAnAppIsAReDeploy() {
        ServiceSpec pgsqlOnS1 = pinned("clusterhq/postgresql", "s1");
        Snapshot before = new Snapshot(new Deployment("trac", "", Map.of(), T), 5,
                Map.of("pgsql-trac", new Service("trac", "pgsql-trac", 1, 1, List.of("s1"), T)),
                Map.of("pgsql-trac", List.of(new ServiceVersion("trac", "pgsql-trac", 1, pgsqlOnS1, T))),
                List.of(Instance.of("trac", "pgsql-trac", 1, 1, "s1")), List.of(node("s1"), node("s2")), Map.of());

        Map<String, DeploymentPlanner.Target> targets = new LinkedHashMap<>();
        targets.put("pgsql-trac", DeploymentPlanner.Target.of(pinned("clusterhq/postgresql", "s2")));
        Proposal moved = DeploymentPlanner.propose("trac", null, targets, true, before, new FirstFit(), T);

        assertEquals(List.of("Re-deployed pgsql-trac from s1 to s2."), moved.changes());
        assertEquals(List.of(), moved.versions());
        assertEquals(List.of(Instance.of("trac", "pgsql-trac", 1, 1, "s2")), moved.instances());
    }
}

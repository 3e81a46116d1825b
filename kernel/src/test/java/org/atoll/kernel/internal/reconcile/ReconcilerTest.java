package org.atoll.kernel.internal.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.Await;
import org.atoll.kernel.internal.testing.InMemoryBackend;
import org.atoll.kernel.internal.testing.StaticRegistry;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceState;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private StaticRegistry registry;
    private InMemoryBackend backend;
    private final List<Reconciler> reconcilers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        executor = new ScheduledThreadPoolExecutor(2);
        store = EmbeddedStateStore.open(dir.resolve("store"), executor);
        registry = new StaticRegistry();
        backend = new InMemoryBackend();
    }

    @AfterEach
    void tearDown() {
        reconcilers.forEach(Reconciler::close);
        store.close();
        executor.shutdownNow();
    }

    private Reconciler start(String node) {
        Reconciler r = new Reconciler(new StateRepository(store), registry, executor,
                new Reconciler.Settings(node, "docker", Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofSeconds(1), dir.resolve("volumes"), 4),
                Clock.systemUTC());
        reconcilers.add(r);
        r.start();
        return r;
    }

    private void desire(ServiceSpec spec, Instance... instances) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(Keys.deployment("foo"), Json.write(new Deployment("foo", "", Map.of("BRANDING", "Company Ltd."),
                Instant.now()))));
        for (Instance i : instances) {
            ops.add(Op.put(Keys.version(i.deployment(), i.service(), i.version()),
                    Json.write(new ServiceVersion(i.deployment(), i.service(), i.version(), spec, Instant.now()))));
            ops.add(Op.put(Keys.instance(i.deployment(), i.id()), Json.write(i)));
        }
        store.commit(new Txn(List.of(), ops));
    }

    private static final ServiceSpec WEB = new ServiceSpec("local/web:1", List.of("/bin/httpd"), Map.of("A", "1"),
            List.of(PortSpec.tcp(80)), Map.of("data", "/srv"), null, 3, null, null, null);

    private void awaitRunning(List<String> ids) {
        Await.until(() -> backend.running().equals(ids), () -> "running " + backend.running() + ", wanted " + ids);
    }

    @Test
    void runsTheInstancesPlacedOnItsNodeAndNoOthers() {
        registry.add(ContainerBackend.class, backend);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"), Instance.of("foo", "web", 1, 2, "n1"),
                Instance.of("foo", "web", 1, 3, "n2"));
        start("n1");
        awaitRunning(List.of("foo-web-1-1", "foo-web-1-2"));
        var spec = backend.spec("foo-web-1-1").orElseThrow();
        assertEquals("Company Ltd.", spec.env().get("BRANDING"));
        assertEquals("1", spec.env().get("A"));
        assertEquals("foo-web-1-1", spec.env().get("ATOLL_INSTANCE"));
        assertEquals(List.of("/bin/httpd"), spec.cmd());
        assertEquals(Map.of(dir.resolve("volumes/foo/web/data").toString(), "/srv"), spec.mounts());
        assertTrue(dir.resolve("volumes/foo/web/data").toFile().isDirectory());
    }

    @Test
    void followsChangesOfTheDesiredState() {
        registry.add(ContainerBackend.class, backend);
        start("n1");
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"));
        awaitRunning(List.of("foo-web-1-1"));
        desire(WEB, Instance.of("foo", "web", 2, 1, "n1"));
        store.delete(Keys.instance("foo", "foo-web-1-1"));
        awaitRunning(List.of("foo-web-2-1"));
        assertEquals(0, backend.calls("create", "foo-web-1-1") - 1, "the old version was created once");
    }

    @Test
    void restartsStoppedInstancesAndRecreatesDeadOnes() {
        registry.add(ContainerBackend.class, backend);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"), Instance.of("foo", "web", 1, 2, "n1"));
        start("n1");
        awaitRunning(List.of("foo-web-1-1", "foo-web-1-2"));
        backend.force("foo-web-1-1", InstanceState.EXITED, "");
        backend.force("foo-web-1-2", InstanceState.DEAD, "oom");
        awaitRunning(List.of("foo-web-1-1", "foo-web-1-2"));
        assertEquals(1, backend.calls("create", "foo-web-1-1"));
        assertEquals(2, backend.calls("create", "foo-web-1-2"));
        assertEquals(1, backend.calls("remove", "foo-web-1-2"));
    }

    @Test
    void retriesFailedStepsWithBackoffAndReportsTheFailure() {
        registry.add(ContainerBackend.class, backend);
        backend.failNext("create", 3);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"));
        Reconciler r = start("n1");
        Await.until(() -> r.report().stream().anyMatch(x -> x.attempts() >= 1), () -> r.report().toString());
        assertTrue(r.report().get(0).problem().contains("create of foo-web-1-1 failed (injected)"), r.report().toString());
        awaitRunning(List.of("foo-web-1-1"));
        assertEquals(4, backend.calls("create", "foo-web-1-1"));
        Await.until(() -> r.report().get(0).problem().isEmpty(), () -> r.report().toString());
    }

    @Test
    void aMissingBackendIsReportedAndInstallingItConverges() {
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"));
        Reconciler r = start("n1");
        Await.until(() -> !r.report().get(0).problem().isEmpty(), () -> r.report().toString());
        assertEquals("no container backend 'docker' is installed (feature:install atoll-docker)",
                r.report().get(0).problem());
        registry.add(ContainerBackend.class, backend);
        awaitRunning(List.of("foo-web-1-1"));
    }

    @Test
    void aBackendWithoutANeededCapabilityIsNamed() {
        InMemoryBackend bare = new InMemoryBackend("docker", Set.of());
        backend = bare;
        registry.add(ContainerBackend.class, bare);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"));
        Reconciler r = start("n1");
        Await.until(() -> !r.report().get(0).problem().isEmpty(), () -> r.report().toString());
        assertEquals("backend 'docker' cannot run foo-web-1-1: it does not support ports", r.report().get(0).problem());
        assertEquals(0, bare.calls("create"));
    }

    @Test
    void independentInstancesAreCreatedInParallelUpToTheLimit() {
        registry.add(ContainerBackend.class, backend);
        backend.slowCreates(100);
        Instance[] eight = new Instance[8];
        for (int n = 0; n < eight.length; n++) {
            eight[n] = Instance.of("foo", "web", 1, n + 1, "n1");
        }
        desire(WEB, eight);
        start("n1");
        Await.until(() -> backend.running().size() == 8, () -> backend.running().toString());
        assertTrue(backend.mostConcurrentCreates() > 1, "creates overlapped: " + backend.mostConcurrentCreates());
        assertTrue(backend.mostConcurrentCreates() <= 4, "at most the configured 4 at once: "
                + backend.mostConcurrentCreates());
    }

    @Test
    void removesWhatIsNotDesired() {
        registry.add(ContainerBackend.class, backend);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"), Instance.of("foo", "web", 1, 2, "n1"));
        start("n1");
        awaitRunning(List.of("foo-web-1-1", "foo-web-1-2"));
        store.commit(Txn.of(Op.deletePrefix(Keys.instances("foo"))));
        awaitRunning(List.of());
        assertEquals(List.of(), backend.list());
    }

    @Test
    void aRestartedReconcilerAdoptsWhatRunsAndFinishesWhatWasHalfDone() {
        registry.add(ContainerBackend.class, backend);
        desire(WEB, Instance.of("foo", "web", 1, 1, "n1"), Instance.of("foo", "web", 1, 2, "n1"),
                Instance.of("foo", "web", 1, 3, "n1"));
        // As if a previous kernel died mid-pass: one running, one created but never started, one not created.
        Reconciler first = new Reconciler(new StateRepository(store), registry, executor,
                new Reconciler.Settings("n1", "docker", Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofSeconds(1), dir.resolve("volumes"), 4), Clock.systemUTC());
        backend.create(first.specFor(Instance.of("foo", "web", 1, 1, "n1"), WEB, new Deployment("foo", "", Map.of(), null)));
        backend.start("foo-web-1-1");
        backend.create(first.specFor(Instance.of("foo", "web", 1, 2, "n1"), WEB, new Deployment("foo", "", Map.of(), null)));

        start("n1");
        awaitRunning(List.of("foo-web-1-1", "foo-web-1-2", "foo-web-1-3"));
        assertEquals(1, backend.calls("start", "foo-web-1-1"), "a running instance is not started again");
        assertEquals(1, backend.calls("create", "foo-web-1-1"), "nor created again");
        assertEquals(1, backend.calls("create", "foo-web-1-2"));
        assertEquals(1, backend.calls("recover", ""));
        assertEquals(3, backend.list().size());
    }
}

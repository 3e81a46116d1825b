package org.atoll.kernel.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Node;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.Declared;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.DeployServiceImpl;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.reconcile.Reconciler;
import org.atoll.kernel.internal.schedule.FirstFit;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.Await;
import org.atoll.kernel.internal.testing.HostileNames;
import org.atoll.kernel.internal.testing.InMemoryBackend;
import org.atoll.kernel.internal.testing.InMemoryRegistryProvider;
import org.atoll.kernel.internal.testing.StaticRegistry;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceState;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of discovery (what is published when, validation, registries as system
 * services) with an in-memory registry; the etcd plugin's tests and the distribution's DiscoveryIT
 * run the same paths against real etcd and Docker.
 */
class DiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private InMemoryBackend backend;
    private InMemoryRegistryProvider etcd;
    private StaticRegistry registry;
    private Reconciler reconciler;
    private DeployService deploys;
    private DiscoveryService discovery;
    private DiscoverySync sync;

    @BeforeEach
    void setUp() {
        executor = new ScheduledThreadPoolExecutor(2);
        store = EmbeddedStateStore.open(dir.resolve("store"), executor);
        backend = new InMemoryBackend();
        etcd = new InMemoryRegistryProvider("etcd");
        registry = new StaticRegistry().add(ContainerBackend.class, backend)
                .add(PlacementStrategy.class, new FirstFit("resource")).add(DiscoveryProvider.class, etcd);
        store.commit(Txn.of(Op.put(Keys.node("n1"), Json.write(new Node("n1", "127.0.0.1", new Resources(4000, 4096),
                Map.of(), Instant.now()))), Op.put(Keys.alive("n1"), "{}")));
        reconciler = new Reconciler(new StateRepository(store), registry, executor,
                new Reconciler.Settings("n1", "docker", Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofSeconds(1), dir.resolve("volumes"), 4), Clock.systemUTC());
        reconciler.start();
        deploys = new DeployServiceImpl(store, registry, reconciler, "n1", "resource", Clock.systemUTC());
        NodeService nodes = new NodeService() {
            @Override
            public String localName() {
                return "n1";
            }

            @Override
            public List<NodeStatus> list() {
                return new StateRepository(store).nodes().stream().map(n -> new NodeStatus(n, true, 0, true)).toList();
            }
        };
        discovery = new DiscoveryServiceImpl(store, registry, deploys, reconciler, nodes);
    }

    private void startSync() {
        sync = new DiscoverySync(new StateRepository(store), registry, executor,
                new DiscoverySync.Settings("n1", "192.0.2.1", "docker", Duration.ofSeconds(30)));
        sync.start();
    }

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        reconciler.close();
        store.close();
        executor.shutdownNow();
    }

    private static ServiceSpec web(int count, List<CheckSpec> checks) {
        return new ServiceSpec("local/web:1", null, null, List.of(PortSpec.tcp(80)), null, null, count, checks, null,
                null);
    }

    private void deploy(ServiceSpec spec) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put("web", spec);
        deploys.deploy("foo", new Declared(null, services, true), WAIT);
    }

    private Set<String> ids() {
        return new TreeSet<>(etcd.entries().keySet());
    }

    private void awaitIds(String... expected) {
        Set<String> want = new TreeSet<>(List.of(expected));
        Await.until(WAIT, () -> ids().equals(want), () -> "registrations " + ids() + ", expected " + want);
    }

    @Test
    void instancesPublishTheirPortsWhenTheyStartAndAreWithdrawnWhenTheyStopOrGo() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        startSync();
        Await.until(WAIT, () -> !etcd.connects.isEmpty() && !etcd.connects.get(etcd.connects.size() - 1).isEmpty(),
                () -> "connects " + etcd.connects);
        deploy(web(2, List.of()));
        awaitIds("foo-web-1-1:web:80", "foo-web-1-2:web:80");
        Registration r = etcd.entries().get("foo-web-1-1:web:80");
        assertEquals("web", r.name());
        assertEquals("foo", r.environment());
        assertEquals("n1", r.node());
        assertEquals(80, r.hostPort());
        assertTrue(r.address().startsWith("10.1.0."), r.address());

        deploy(web(1, List.of()));
        awaitIds("foo-web-1-1:web:80");

        reconciler.close(); // nothing restarts what dies now
        backend.force("foo-web-1-1", InstanceState.EXITED, "killed");
        awaitIds();
    }

    @Test
    void theOwnAddressOfEachPublishedInstanceIsKnownOnItsNodeUntilItIsWithdrawn() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        sync = new DiscoverySync(new StateRepository(store), registry, executor,
                new DiscoverySync.Settings("n1", "192.0.2.1", "docker", Duration.ofSeconds(30)));
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        sync.onChange(told::incrementAndGet);
        assertFalse(sync.ready(), "nothing published by this run yet");
        sync.start();
        Await.until(WAIT, () -> told.get() == 1, () -> "routing is told once after this run's first full pass: "
                + told.get());
        assertTrue(sync.ready());
        deploy(new ServiceSpec("local/web:1", null, null, List.of(new PortSpec(80, 8080, "tcp")), null, null, 1,
                List.of(), null, null));
        awaitIds("foo-web-1-1:web:80");
        Registration r = etcd.entries().get("foo-web-1-1:web:80");
        assertEquals("192.0.2.1", r.address(), "the registry has the node address");
        assertEquals(8080, r.hostPort(), "and the published port");
        DirectAddresses.Direct d = sync.of("foo-web-1-1:web:80").orElseThrow();
        assertTrue(d.address().startsWith("10.1.0."), d.address());
        assertEquals(80, d.port(), "the container port on the container's own address");
        assertEquals(1, told.get(), "a new registration is announced by its registry's event alone");
        assertTrue(sync.of("foo-web-1-1:web:8080").isEmpty());

        store.commit(Txn.of(Op.delete(Keys.instance("foo", "foo-web-1-1"))));
        sync.withdraw("foo-web-1-1", WAIT);
        assertTrue(sync.of("foo-web-1-1:web:80").isEmpty(), "forgotten with the registration");
    }

    @Test
    void readyOnceAPassPublishedWhatRunsHereNotWhileARegistrysProviderIsMissing() {
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new org.atoll.api.model.Registry("etcd-10",
                "etcd", "n1", "127.0.0.10", null)))));
        StaticRegistry withoutEtcd = new StaticRegistry().add(ContainerBackend.class, backend);
        sync = new DiscoverySync(new StateRepository(store), withoutEtcd, executor,
                new DiscoverySync.Settings("n1", "192.0.2.1", "docker", Duration.ofSeconds(30)));
        sync.start();
        sync.withdraw("none", WAIT); // queued behind the first full pass on the sync thread
        assertFalse(sync.ready(), "the registry's entries of this node may have expired: not ready without its provider");
        sync.close();

        store.commit(Txn.of(Op.delete(Keys.registry("etcd-10"))));
        sync = new DiscoverySync(new StateRepository(store), withoutEtcd, executor,
                new DiscoverySync.Settings("n1", "192.0.2.1", "docker", Duration.ofSeconds(30)));
        sync.start();
        sync.withdraw("none", WAIT);
        assertTrue(sync.ready(), "no registry: nothing of this node's can be missing from one");
    }

    @Test
    void instancesOnTheHostNetworkHaveNoOtherAddressThanTheNodes() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        startSync();
        deploy(new ServiceSpec("local/web:1", null, null, List.of(PortSpec.tcp(80)), null, null, 1, List.of(), null,
                null, "host"));
        awaitIds("foo-web-1-1:web:80");
        assertEquals("192.0.2.1", etcd.entries().get("foo-web-1-1:web:80").address());
        assertTrue(sync.of("foo-web-1-1:web:80").isEmpty());
    }

    @Test
    void anInstanceIsWithdrawnBeforeItStopsSoThatFollowersCanDrainIt() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        startSync();
        deploy(web(2, List.of()));
        awaitIds("foo-web-1-1:web:80", "foo-web-1-2:web:80");
        // a removal: the instance leaves the store, and is withdrawn while its container still runs
        store.commit(Txn.of(Op.delete(Keys.instance("foo", "foo-web-1-2"))));
        java.util.Optional<Duration> first = sync.withdraw("foo-web-1-2", WAIT);
        assertEquals(java.util.Set.of("foo-web-1-1:web:80"), etcd.entries().keySet(), "withdrawn before any stop");
        assertTrue(first.isPresent(), "withdrawn by this call or by the pass the store change started");
        java.util.Optional<Duration> again = sync.withdraw("foo-web-1-2", WAIT);
        assertTrue(again.isPresent() && again.get().compareTo(first.get()) > 0 && again.get().compareTo(WAIT) < 0,
                "a second call says how long ago, so that the drain is not served twice: " + again);
        assertEquals(java.util.Optional.empty(), sync.withdraw("no-such-instance", WAIT));
    }

    @Test
    void anInstanceAFullPassWithdrewFirstIsStillDrained() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        startSync();
        deploy(web(2, List.of()));
        awaitIds("foo-web-1-1:web:80", "foo-web-1-2:web:80");
        // the store change starts a full pass, which sees the instance gone before its removal asks
        store.commit(Txn.of(Op.delete(Keys.instance("foo", "foo-web-1-2"))));
        awaitIds("foo-web-1-1:web:80");
        java.util.Optional<Duration> since = sync.withdraw("foo-web-1-2", WAIT);
        assertTrue(since.isPresent() && since.get().compareTo(Duration.ZERO) > 0 && since.get().compareTo(WAIT) < 0,
                "the removal learns when it was withdrawn, and drains for the rest: " + since);
    }

    @Test
    void afterARestartEveryRegistrationIsPutAgainUnderThisRunsLease() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        startSync();
        deploy(web(1, List.of()));
        awaitIds("foo-web-1-1:web:80");
        sync.close();
        long before = etcd.calls.stream().filter(c -> c.equals("register foo-web-1-1:web:80")).count();
        // an equal entry is still there, held by the previous run's lease
        startSync();
        Await.until(WAIT, () -> etcd.calls.stream().filter(c -> c.equals("register foo-web-1-1:web:80")).count() > before,
                () -> "registered again: " + etcd.calls);
    }

    @Test
    void aFullPassRemovesWhatACrashLeftBehindOnThisNodeOnly() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        deploy(web(1, List.of()));
        Registration ghost = new Registration("foo-web-1-9:web:80", "web", "foo", "n1", "10.1.0.9", 80, 80, "tcp", "",
                List.of(), List.of());
        Registration other = new Registration("foo-web-1-3:web:80", "web", "foo", "n2", "10.2.0.3", 80, 80, "tcp", "",
                List.of(), List.of());
        etcd.seed(ghost);
        etcd.seed(other);
        startSync();
        awaitIds("foo-web-1-1:web:80", "foo-web-1-3:web:80");
    }

    @Test
    void addedServicesAndChecksArePublishedWithTargetsOnTheInstanceItself() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        deploy(web(1, List.of(new CheckSpec("alive", "tcp", "80", null, null))));
        discovery.addService("foo:web", "wordpress", 8080, null);
        discovery.addCheck("foo-web-1-1", "health", "http", "http://localhost:8080/health?full=1");
        startSync();
        awaitIds("foo-web-1-1:web:80", "foo-web-1-1:wordpress:8080");
        Registration wp = etcd.entries().get("foo-web-1-1:wordpress:8080");
        String address = wp.address();
        assertEquals(List.of("alive tcp " + address + ":80", "health http http://" + address + ":8080/health?full=1"),
                wp.checks().stream().map(c -> c.name() + " " + c.type() + " " + c.target()).toList());

        discovery.removeService("foo:web", "wordpress");
        awaitIds("foo-web-1-1:web:80");
        discovery.removeCheck("foo-web-1-1", "health");
        Await.until(WAIT, () -> etcd.entries().get("foo-web-1-1:web:80").checks().size() == 1,
                () -> etcd.entries().toString());
    }

    @Test
    void publishedServicesAndChecksAreKeptRegisteredByThisNode() {
        discovery.addRegistry(null, null, "etcd", "main", "http://127.0.0.1:2379", WAIT);
        discovery.publishService("minio", "10.0.7.10:9000", null);
        discovery.publishCheck("minio-check", "tcp", "10.0.7.10:9000", null);
        startSync();
        awaitIds("minio");
        Registration minio = etcd.entries().get("minio");
        assertEquals("10.0.7.10", minio.address());
        assertEquals(9000, minio.hostPort());
        assertEquals("default", minio.environment());
        assertEquals(List.of("minio-check"), minio.checks().stream().map(CheckSpec::name).toList());

        ValidationException e = assertThrows(ValidationException.class,
                () -> discovery.publishCheck("other", "tcp", "10.0.7.11:9000", null));
        assertEquals("target: no published service at 10.0.7.11:9000; publish it with service-publish first, or name"
                + " one with --service", e.getMessage());

        discovery.unpublishService("minio");
        awaitIds();
    }

    @Test
    void registriesRunAsSystemServicesOnTheirNodeAndLeaveTheClusterWhenRemoved() {
        startSync();
        String first = discovery.addRegistry("n1", "127.0.0.11", "etcd", null, null, WAIT);
        assertEquals("Added etcd registry etcd-11 on n1 at 127.0.0.11.", first);
        ServiceSpec spec = deploys.spec(DiscoveryService.REGISTRY_DEPLOYMENT, "etcd-11").orElseThrow();
        assertEquals("host", spec.network());
        assertEquals(List.of("n1"), spec.nodes());
        assertEquals(List.of("serve", "--listen", "127.0.0.11"), spec.cmd());
        Await.until(WAIT, () -> backend.running().contains("atoll-registry-etcd-11-1-1"), () -> backend.running().toString());
        assertEquals("host", backend.spec("atoll-registry-etcd-11-1-1").orElseThrow().network());

        assertEquals("Registry etcd-11 exists already; nothing changed.",
                discovery.addRegistry("n1", "127.0.0.11", "etcd", null, null, WAIT));
        assertEquals("address: address 127.0.0.11 is taken by registry etcd-11", assertThrows(ValidationException.class,
                () -> discovery.addRegistry("n1", "127.0.0.11", "etcd", "second", null, WAIT)).getMessage());

        assertTrue(discovery.addRegistry("n1", "127.0.0.12", "etcd", null, null, WAIT).endsWith(", joining etcd-11."));
        assertTrue(etcd.calls.contains("prepare etcd-12 [etcd-11]"), etcd.calls.toString());

        assertThrows(ValidationException.class, () -> deploys.setService(DiscoveryService.REGISTRY_DEPLOYMENT, "x",
                ServiceSpec.of("local/web:1", 1), WAIT));

        assertEquals("Removed registry etcd-12. Its instance will be stopped.", discovery.removeRegistry("etcd-12"));
        assertTrue(etcd.calls.contains("retire etcd-12 [etcd-11]"), etcd.calls.toString());
        Await.until(WAIT, () -> !backend.running().contains("atoll-registry-etcd-12-1-1"), () -> backend.running().toString());
        assertEquals(List.of("etcd-11"), discovery.registryNames());
    }

    @Test
    void aRegistryStoredButNotDeployedWhenTheKernelStoppedIsFinishedByAddingItAgain() {
        startSync();
        discovery.addRegistry("n1", "127.0.0.11", "etcd", null, null, WAIT);
        // as if the kernel was killed after storing etcd-12's record (and the cluster adding its member)
        store.commit(Txn.of(Op.put(Keys.registry("etcd-12"), Json.write(
                new org.atoll.api.model.Registry("etcd-12", "etcd", "n1", "127.0.0.12", null)))));
        assertTrue(discovery.registries().stream().anyMatch(v -> v.registry().name().equals("etcd-12")
                && v.state().startsWith("not deployed")));
        assertEquals("Finished adding etcd registry etcd-12 on n1 at 127.0.0.12, joining etcd-11.",
                discovery.addRegistry("n1", "127.0.0.12", "etcd", null, null, WAIT));
        Await.until(WAIT, () -> backend.running().contains("atoll-registry-etcd-12-1-1"), () -> backend.running().toString());
        assertEquals("Registry etcd-12 exists already; nothing changed.",
                discovery.addRegistry("n1", "127.0.0.12", "etcd", null, null, WAIT));
    }

    @Test
    void aRegistryAddressMustBeOnItsNode() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> discovery.addRegistry("n1", "192.0.2.77", "etcd", null, null, WAIT));
        assertTrue(e.getMessage().startsWith("address: 192.0.2.77 is not an address of node n1"), e.getMessage());
        assertEquals(List.of(), discovery.registryNames());
    }

    @Test
    void hostileInputChangesNothing() {
        deploy(web(1, List.of()));
        discovery.publishService("minio", "10.0.7.10:9000", null);
        long revision = store.revision();
        int rejected = 0;
        for (String bad : HostileNames.CORPUS) {
            rejected += rejects(() -> discovery.addRegistry(bad, "127.0.0.11", "etcd", null, null, WAIT));
            rejected += rejects(() -> discovery.addRegistry("n1", bad, "etcd", null, null, WAIT));
            rejected += rejects(() -> discovery.addRegistry("n1", "127.0.0.11", bad, null, null, WAIT));
            rejected += rejects(() -> discovery.addRegistry("n1", "127.0.0.11", "etcd", bad, null, WAIT));
            rejected += rejects(() -> discovery.addService(bad, "wordpress", 80, null));
            rejected += rejects(() -> discovery.addService("foo:web", bad, 80, null));
            rejected += rejects(() -> discovery.addService("foo:web", "wordpress", 80, bad));
            rejected += rejects(() -> discovery.addCheck("foo:web", bad, "tcp", "80"));
            rejected += rejects(() -> discovery.addCheck("foo:web", "c", bad, "80"));
            rejected += rejects(() -> discovery.addCheck("foo:web", "c", "tcp", bad));
            rejected += rejects(() -> discovery.publishService(bad, "10.0.0.1:80", null));
            rejected += rejects(() -> discovery.publishService("x", "10.0.0.1:80", bad));
            rejected += rejects(() -> discovery.publishCheck(bad, "tcp", "10.0.7.10:9000", null));
            rejected += rejects(() -> discovery.publishCheck("c", "tcp", "10.0.7.10:9000", bad));
            rejected += rejects(() -> discovery.removeRegistry(bad));
            rejected += rejects(() -> discovery.removeService(bad, null));
            rejected += rejects(() -> discovery.removeCheck("foo:web", bad));
            rejected += rejects(() -> discovery.unpublishService(bad));
            rejected += rejects(() -> discovery.unpublishCheck(bad));
        }
        // in hosts and URL paths: what is hostile there ("Prod" is a fine host name, "", "-rf" fine paths)
        List<String> hostile = org.atoll.kernel.internal.validate.HostileInputs.CORPUS.stream()
                .filter(v -> !v.isEmpty() && !v.startsWith("-")).toList();
        for (String bad : hostile) {
            rejected += rejects(() -> discovery.addRegistry(null, null, "etcd", null, "http://" + bad + ":2379", WAIT));
            rejected += rejects(() -> discovery.addCheck("foo:web", "c", "http", "http://localhost/" + bad));
            rejected += rejects(() -> discovery.publishService("x", bad + ":80", null));
            rejected += rejects(() -> discovery.publishCheck("c", "tcp", bad + ":9000", null));
            rejected += rejects(() -> discovery.publishCheck("c", "http", "http://10.0.7.10:9000/" + bad, null));
        }
        assertEquals(HostileNames.CORPUS.size() * 19 + hostile.size() * 5, rejected);
        assertEquals(revision, store.revision(), "hostile input changed the store");
    }

    @Test
    void checksOfAnInstanceMayOnlyTargetTheInstance() {
        deploy(web(1, List.of()));
        assertEquals("check.target: \"10.0.0.1:80\" is not a port; a check of an instance may only target the instance"
                + " itself", assertThrows(ValidationException.class,
                        () -> discovery.addCheck("foo:web", "c", "tcp", "10.0.0.1:80")).getMessage());
        assertTrue(assertThrows(ValidationException.class,
                () -> discovery.addCheck("foo:web", "c", "http", "http://mywordpress.org/")).getMessage()
                .contains("must target the instance itself"));
        assertEquals("container: no instance \"foo-web-1-7\"; give an instance id from atoll:ps, or DEPLOYMENT:SERVICE"
                + " for every instance of a service", assertThrows(ValidationException.class,
                        () -> discovery.addService("foo-web-1-7", "x", 80, null)).getMessage());
    }

    private static int rejects(Runnable r) {
        try {
            r.run();
            return 0;
        } catch (ValidationException e) {
            return 1;
        }
    }
}

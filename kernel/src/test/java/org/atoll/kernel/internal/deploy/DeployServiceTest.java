package org.atoll.kernel.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.Node;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.reconcile.Reconciler;
import org.atoll.kernel.internal.schedule.FirstFit;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.Await;
import org.atoll.kernel.internal.testing.InMemoryBackend;
import org.atoll.kernel.internal.testing.StaticRegistry;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private InMemoryBackend backend;
    private Reconciler reconciler;
    private DeployService deploys;

    @BeforeEach
    void setUp() {
        executor = new ScheduledThreadPoolExecutor(2);
        store = EmbeddedStateStore.open(dir.resolve("store"), executor);
        backend = new InMemoryBackend();
        StaticRegistry registry = new StaticRegistry().add(ContainerBackend.class, backend)
                .add(PlacementStrategy.class, new FirstFit("resource"));
        node("n1");
        reconciler = new Reconciler(new StateRepository(store), registry, executor,
                new Reconciler.Settings("n1", "docker", Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofSeconds(1), dir.resolve("volumes"), 4), Clock.systemUTC());
        reconciler.start();
        deploys = new DeployServiceImpl(store, registry, reconciler, "n1", "resource", Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        reconciler.close();
        store.close();
        executor.shutdownNow();
    }

    private void node(String name) {
        store.commit(Txn.of(Op.put(Keys.node(name), Json.write(new Node(name, "127.0.0.1", new Resources(4000, 4096),
                Map.of(), Instant.now()))), Op.put(Keys.alive(name), "{}")));
    }

    private static ServiceSpec spec(String image, int count) {
        return new ServiceSpec(image, List.of("/bin/httpd"), Map.of(), List.of(PortSpec.tcp(80)), null, null, count, null,
                null, null);
    }

    private static Declared file(Map<String, String> env, Object... nameSpec) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (int i = 0; i < nameSpec.length; i += 2) {
            services.put((String) nameSpec[i], (ServiceSpec) nameSpec[i + 1]);
        }
        return new Declared(env, services, true);
    }

    @Test
    void deploysThenSaysNoChanges() {
        Declared servicefile = file(Map.of("BRANDING", "Company Ltd."), "redis", spec("rock77/redis", 1), "website",
                spec("rock77/website", 2));
        DeployOutcome first = deploys.deploy("my-site", servicefile, WAIT);
        assertEquals("Created deployment my-site.\nDeployed redis to n1.\nDeployed website to n1.", first.render());
        assertEquals(List.of("my-site-redis-1-1", "my-site-website-1-1", "my-site-website-1-2"), backend.running());
        assertEquals("Company Ltd.", backend.spec("my-site-website-1-1").orElseThrow().env().get("BRANDING"));

        assertEquals("No changes.", deploys.deploy("my-site", servicefile, WAIT).render());
        assertEquals(1, backend.calls("create", "my-site-website-1-1"));
    }

    @Test
    void aChangedSpecMakesANewVersionAndOnlyACountChangeScales() {
        deploys.deploy("foo", file(null, "web", spec("local/web:1", 1)), WAIT);
        assertEquals("Scaled web to 3.", deploys.deploy("foo", file(null, "web", spec("local/web:1", 3)), WAIT).render());
        assertEquals(List.of("foo-web-1-1", "foo-web-1-2", "foo-web-1-3"), backend.running());

        assertEquals("Updated web to version 2 on n1.",
                deploys.deploy("foo", file(null, "web", spec("local/web:2", 3)), WAIT).render());
        Await.until(() -> backend.running().equals(List.of("foo-web-2-1", "foo-web-2-2", "foo-web-2-3")),
                () -> backend.running().toString());
        assertEquals(List.of(1, 2), deploys.versions("foo", "web").stream().map(v -> v.version()).toList());
    }

    @Test
    void rollingBackMakesAnOlderVersionCurrentAgain() {
        deploys.deploy("foo", file(null, "web", spec("local/web:1", 2)), WAIT);
        deploys.deploy("foo", file(null, "web", spec("local/web:2", 2)), WAIT);
        assertEquals("Rolled back web to version 1.", deploys.rollback("foo", "web", 1, WAIT).render());
        Await.until(() -> backend.running().equals(List.of("foo-web-1-1", "foo-web-1-2")), () -> backend.running().toString());
        assertEquals("local/web:1", deploys.spec("foo", "web").orElseThrow().image());
        ValidationException e = assertThrows(ValidationException.class, () -> deploys.rollback("foo", "web", 7, WAIT));
        assertEquals("version: service web has no version 7 (it has [1, 2])", e.getMessage());
    }

    @Test
    void servicesMissingFromTheFileAreRemoved() {
        deploys.deploy("foo", file(null, "web", spec("a", 1), "db", spec("b", 1)), WAIT);
        assertEquals("Removed db.", deploys.deploy("foo", file(null, "web", spec("a", 1)), WAIT).render());
        Await.until(() -> backend.running().equals(List.of("foo-web-1-1")), () -> backend.running().toString());
        assertEquals(List.of(), store.list(Keys.versions("foo", "db")));
    }

    @Test
    void setServiceChangesOneServiceAndKeepsTheOthers() {
        deploys.deploy("foo", file(null, "web", spec("a", 1), "db", spec("b", 1)), WAIT);
        ServiceSpec current = deploys.spec("foo", "web").orElseThrow();
        ServiceSpec changed = new ServiceSpec(current.image(), current.cmd(), Map.of("SDF", "sdf"), current.ports(),
                null, null, 1, null, null, null);
        assertEquals("Updated web to version 2 on n1.", deploys.setService("foo", "web", changed, WAIT).render());
        Await.until(() -> backend.running().equals(List.of("foo-db-1-1", "foo-web-2-1")), () -> backend.running().toString());
        assertEquals("sdf", backend.spec("foo-web-2-1").orElseThrow().env().get("SDF"));
    }

    @Test
    void linkedServicesGetTheAddressAndPortOfWhatTheyLinkTo() {
        ServiceSpec db = spec("local/db:1", 1);
        ServiceSpec web = new ServiceSpec("local/web:1", null, null, null, null, List.of(new LinkSpec("db", 5432, null)),
                1, null, null, null);
        deploys.deploy("foo", file(null, "web", web, "db", db), WAIT);
        Map<String, String> env = backend.spec("foo-web-1-1").orElseThrow().env();
        assertEquals(backend.inspect("foo-db-1-1").orElseThrow().address(), env.get("DB_HOST"));
        assertEquals("5432", env.get("DB_PORT"));
    }

    @Test
    void aDeployThatCannotRunFailsNamingTheInstance() {
        backend.failNext("create", 100);
        DeployFailedException e = assertThrows(DeployFailedException.class,
                () -> deploys.deploy("foo", file(null, "web", spec("a", 1)), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("foo-web-1-1: create of foo-web-1-1 failed (injected)"), e.getMessage());
    }

    @Test
    void badInputIsRefusedWithItsFieldAndChangesNothing() {
        long revision = store.revision();
        ServiceSpec bad = new ServiceSpec("Not An Image", null, null, null, null, List.of(new LinkSpec("nope", 1, null)),
                -1, null, null, null);
        ValidationException e = assertThrows(ValidationException.class,
                () -> deploys.deploy("foo", file(null, "web", bad), WAIT));
        assertTrue(e.getMessage().contains("services.web.image: \"Not An Image\" is not a valid image"), e.getMessage());
        assertTrue(e.getMessage().contains("services.web.count: -1 is out of range"), e.getMessage());
        assertTrue(e.getMessage().contains("services.web.links[0].service: no service \"nope\" in deployment foo"),
                e.getMessage());
        assertThrows(ValidationException.class, () -> deploys.deploy("Foo", file(null, "web", spec("a", 1)), WAIT));
        assertThrows(ValidationException.class, () -> deploys.plan("foo", file(Map.of("1X", "y"), "web", spec("a", 1))));
        assertEquals(revision, store.revision());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.FieldSource("org.atoll.kernel.internal.testing.HostileNames#CORPUS")
    void setServiceAndRollbackRefuseHostileNamesAndChangeNothing(String name) {
        deploys.deploy("foo", file(null, "web", spec("a", 1)), WAIT);
        long revision = store.revision();
        assertThrows(ValidationException.class, () -> deploys.setService(name, "web", spec("b", 1), WAIT));
        assertThrows(ValidationException.class, () -> deploys.setService("foo", name, spec("b", 1), WAIT));
        assertThrows(ValidationException.class, () -> deploys.rollback(name, "web", 1, WAIT));
        assertThrows(ValidationException.class, () -> deploys.rollback("foo", name, 1, WAIT));
        assertThrows(ValidationException.class, () -> deploys.ps(name));
        assertEquals(revision, store.revision());
    }

    @Test
    void planShowsTheChangesAndStoresNothing() {
        long revision = store.revision();
        Proposal plan = deploys.plan("foo", file(null, "web", spec("a", 2)));
        assertEquals(List.of("Created deployment foo.", "Deployed web to n1."), plan.changes());
        assertEquals(List.of("+ foo-web-1-1 on n1", "+ foo-web-1-2 on n1"), plan.steps());
        assertEquals(revision, store.revision());
    }

    @Test
    void psShowsWhereInstancesRunAndTheirState() {
        deploys.deploy("foo", file(null, "web", spec("a", 2)), WAIT);
        List<InstanceView> ps = deploys.ps("foo");
        assertEquals(List.of("foo-web-1-1", "foo-web-1-2"), ps.stream().map(InstanceView::id).toList());
        assertEquals("running", ps.get(0).state());
        assertEquals("n1", ps.get(0).node());
        assertThrows(ValidationException.class, () -> deploys.ps("nope"));
    }

    @Test
    void aConditionalChangeAppliesOnlyAtTheRevisionItWasReadAt() {
        assertEquals(0, deploys.revision("foo"));
        DeployOutcome created = deploys.deploy("foo", file(null, "web", spec("local/web:1", 1)), WAIT, 0);
        long read = deploys.revision("foo");
        assertEquals(read, created.revision(), "the outcome carries the revision it wrote");
        assertTrue(read > 0);

        // Another client changes the deployment after this one read it.
        DeployOutcome other = deploys.setService("foo", "web", spec("local/web:1", 2), WAIT, read);
        assertEquals(deploys.revision("foo"), other.revision());

        long before = store.revision();
        StaleRevisionException stale = assertThrows(StaleRevisionException.class,
                () -> deploys.setService("foo", "web", spec("local/web:2", 1), WAIT, read));
        assertEquals(other.revision(), stale.current());
        assertThrows(StaleRevisionException.class, () -> deploys.rollback("foo", "web", 1, WAIT, read));
        assertThrows(StaleRevisionException.class,
                () -> deploys.deploy("foo", file(null, "web", spec("local/web:3", 1)), WAIT, read));
        assertThrows(StaleRevisionException.class,
                () -> deploys.deploy("bar", file(null, "web", spec("local/web:3", 1)), WAIT, read),
                "a deployment that does not exist is at revision 0");
        assertEquals(before, store.revision(), "a stale change writes nothing");
        assertEquals(List.of("foo-web-1-1", "foo-web-1-2"), backend.running());

        assertEquals("Updated web to version 2 on n1.",
                deploys.setService("foo", "web", spec("local/web:2", 2), WAIT, other.revision()).render());
        assertEquals("No changes.", deploys.setService("foo", "web", spec("local/web:2", 2), WAIT,
                DeployService.ANY_REVISION).render());
    }
}

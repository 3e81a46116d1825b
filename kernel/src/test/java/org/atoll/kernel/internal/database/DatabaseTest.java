package org.atoll.kernel.internal.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.atoll.api.model.DatabaseRef;
import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.Declared;
import org.atoll.kernel.internal.deploy.DeployServiceImpl;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.reconcile.Reconciler;
import org.atoll.kernel.internal.schedule.FirstFit;
import org.atoll.kernel.internal.secret.EncryptedSecrets;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.Await;
import org.atoll.kernel.internal.testing.HostileNames;
import org.atoll.kernel.internal.testing.InMemoryBackend;
import org.atoll.kernel.internal.testing.InMemoryDatabases;
import org.atoll.kernel.internal.testing.StaticRegistry;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.Secret;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of databases (secrets, validation, the reconcile loop, Servicefile databases)
 * with an in-memory provisioner; the MariaDB and PostgreSQL plugins and DatabaseIT run against the
 * real servers.
 */
class DatabaseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private InMemoryDatabases mysql;
    private StaticRegistry registry;
    private EncryptedSecrets secrets;
    private NodeService nodes;
    private DatabaseServiceImpl databases;

    @BeforeEach
    void setUp() {
        executor = new ScheduledThreadPoolExecutor(2);
        store = EmbeddedStateStore.open(dir.resolve("store"), executor);
        mysql = new InMemoryDatabases("mysql");
        registry = new StaticRegistry().add(DatabaseProvisioner.class, mysql);
        store.commit(Txn.of(Op.put(Keys.node("n1"), Json.write(new Node("n1", "127.0.0.1", new Resources(4000, 4096),
                Map.of(), Instant.now()))), Op.put(Keys.alive("n1"), "{}")));
        secrets = new EncryptedSecrets(store, dir.resolve("secrets.key"));
        nodes = new NodeService() {
            @Override
            public String localName() {
                return "n1";
            }

            @Override
            public List<NodeStatus> list() {
                return new StateRepository(store).nodes().stream().map(n -> new NodeStatus(n, true, 0, true)).toList();
            }
        };
        databases = start();
    }

    private DatabaseServiceImpl start() {
        return new DatabaseServiceImpl(store, registry, nodes, secrets, executor, "127.0.0.1", "10.0.4.0/24",
                "127.0.0.1");
    }

    @AfterEach
    void tearDown() {
        databases.deactivate();
        store.close();
        executor.shutdownNow();
    }

    @Test
    void addRunsAServerWithItsUserAndDatabaseAndIsIdempotent() {
        String out = databases.add("mysql", "n1", "wordpress", "wordpress", null, null, null, WAIT);
        assertTrue(out.startsWith("Added mysql database wordpress for user wordpress on n1: server mysql-1 at"
                + " 127.0.0.1:"), out);
        assertTrue(out.endsWith("The password is stored as secret db-mysql-1 (generated; db-list --show-secrets shows"
                + " it)."), out);
        assertEquals("10.0.4.0/24", mysql.databases.get("mysql-1").allowedCidr());
        assertEquals(24, mysql.passwords.get("mysql-1/wordpress").reveal().length);

        assertEquals("Database wordpress for user wordpress exists already on n1 as mysql-1; nothing changed.",
                databases.add("mysql", "n1", "wordpress", "wordpress", null, null, null, WAIT));
        assertEquals(1, mysql.calls.stream().filter(c -> c.startsWith("start")).count());

        DatabaseView listed = databases.list(false).get(0);
        assertEquals("ready", listed.state());
        assertEquals("******", listed.password());
        assertEquals(new String(mysql.passwords.get("mysql-1/wordpress").reveal()), databases.list(true).get(0).password());
    }

    @Test
    void secretsAreEncryptedInTheStoreUnderAKeyOnlyItsOwnerReads() throws Exception {
        databases.add("mysql", "n1", "wp", "wp", null, null, Secret.of("s3cret-Pass-word"), WAIT);
        String raw = new String(store.get(Keys.secret("db-mysql-1")).orElseThrow().value(), StandardCharsets.UTF_8);
        assertFalse(raw.contains("s3cret"), raw);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.key"))));
        // a value moved under another name does not decrypt
        store.commit(Txn.of(Op.put(Keys.secret("other"), raw)));
        assertThrows(IllegalStateException.class, () -> secrets.get("other"));
        assertEquals("s3cret-Pass-word", new String(secrets.get("db-mysql-1").orElseThrow().reveal()));
    }

    @Test
    void rotationAndRemovalReachTheServer() {
        databases.add("mysql", "n1", "wp", "wp", "blog", null, Secret.of("first-password"), WAIT);
        assertEquals("Rotated the password of user wp on blog; instances created from now on get the new one.",
                databases.rotate("blog", Secret.of("second-password"), WAIT));
        assertEquals("second-password", new String(mysql.passwords.get("blog/wp").reveal()));

        databases.remove("blog", false);
        Await.until(WAIT, () -> mysql.calls.contains("remove blog keeping data"), () -> mysql.calls.toString());
        Await.until(WAIT, () -> store.get(Keys.databaseRemoval("blog")).isEmpty(), () -> "removal pending");
        assertTrue(secrets.get("db-blog").isEmpty());
        assertEquals(List.of(), databases.names());
    }

    @Test
    void aKernelRestartConvergesWithoutStartingAnythingTwice() {
        databases.add("mysql", "n1", "wp", "wp", null, null, null, Duration.ZERO);
        databases.deactivate(); // as if killed right after the record was stored
        databases = start();
        Await.until(WAIT, () -> databases.list(false).get(0).state().equals("ready"), () -> databases.list(false).toString());
        assertEquals(1, mysql.calls.stream().filter(c -> c.startsWith("start")).count());
    }

    @Test
    void hostileInputChangesNothing() {
        long revision = store.revision();
        int rejected = 0;
        for (String bad : HostileNames.CORPUS) {
            rejected += rejects(() -> databases.add(bad, "n1", "wp", "wp", null, null, null, WAIT));
            rejected += rejects(() -> databases.add("mysql", bad, "wp", "wp", null, null, null, WAIT));
            if (!bad.equals("prod_1")) { // a fine SQL identifier, only bad as a name
                rejected += rejects(() -> databases.add("mysql", "n1", bad, "wp", null, null, null, WAIT));
                rejected += rejects(() -> databases.add("mysql", "n1", "wp", bad, null, null, null, WAIT));
            }
            rejected += rejects(() -> databases.add("mysql", "n1", "wp", "wp", bad, null, null, WAIT));
            rejected += rejects(() -> databases.add("mysql", "n1", "wp", "wp", null, bad, null, WAIT));
            rejected += rejects(() -> databases.remove(bad, true));
            rejected += rejects(() -> databases.rotate(bad, null, WAIT));
        }
        for (String bad : List.of("short", "with space", "tab\tx", "nul\0nul", "é-accented", "x".repeat(200))) {
            rejected += rejects(() -> databases.add("mysql", "n1", "wp", "wp", null, null, Secret.of(bad), WAIT));
        }
        assertEquals(HostileNames.CORPUS.size() * 8 - 2 + 6, rejected);
        assertEquals(revision, store.revision(), "hostile input changed the store");
        assertEquals("user: \"wp; DROP\" is not a safe SQL identifier (lower-case letters, digits and '_', starting with"
                + " a letter or '_', at most 63 characters)", assertThrows(ValidationException.class,
                        () -> databases.add("mysql", "n1", "wp; DROP", "wp", null, null, null, WAIT)).getMessage());
    }

    @Test
    void aServiceThatDeclaresADatabaseGetsItsAddressAndPassword() {
        InMemoryBackend backend = new InMemoryBackend();
        registry.add(ContainerBackend.class, backend).add(PlacementStrategy.class, new FirstFit("resource"));
        Reconciler reconciler = new Reconciler(new StateRepository(store), registry, executor,
                new Reconciler.Settings("n1", "docker", Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofSeconds(1), dir.resolve("volumes"), 4), Clock.systemUTC(), databases::environment);
        reconciler.start();
        try {
            DeployServiceImpl deploys = new DeployServiceImpl(store, registry, reconciler, "n1", "resource",
                    Clock.systemUTC(), databases);
            Map<String, ServiceSpec> services = new LinkedHashMap<>();
            services.put("web", new ServiceSpec("local/web:1", null, null, null, null, null, 1, null, null, null, null,
                    new DatabaseRef("mysql", "shop")));
            deploys.deploy("foo", new Declared(null, services, true), WAIT);
            Map<String, String> env = backend.spec("foo-web-1-1").orElseThrow().env();
            String password = new String(secrets.get("db-foo-shop").orElseThrow().reveal());
            assertTrue(env.get("DATABASE_URL").matches("mysql://shop:" + password + "@127\\.0\\.0\\.1:\\d+/shop"),
                    env.get("DATABASE_URL").replace(password, "***"));
            assertEquals("shop", env.get("DATABASE_USER"));
            assertEquals(password, env.get("DATABASE_PASSWORD"));
            assertEquals(List.of("foo-shop"), databases.names());
        } finally {
            reconciler.close();
        }
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

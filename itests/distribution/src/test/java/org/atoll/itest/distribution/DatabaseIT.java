package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Databases end to end on the booted distribution with real MariaDB and PostgreSQL servers: db-add,
 * connections through the official drivers from inside and outside the allowed range, rotation,
 * kill -9 of the kernel in the middle of provisioning, and a Servicefile service that declares a
 * database and gets DATABASE_URL.
 */
class DatabaseIT {

    private static final String DEPLOYMENT = "dbshop";
    private static final String IMAGE = "atoll-example/web:1";
    private static final Duration COMMAND = Duration.ofSeconds(180);
    private static final Duration BOOT = Duration.ofSeconds(120);
    /** The client's address on the Docker bridge, where this node's containers come from. */
    private static final String CLIENT = "172.17.250.2/16";
    private static Path work;

    @BeforeAll
    static void prepare() throws Exception {
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
        work = Path.of(System.getProperty("atoll.workDirectory"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
        // database servers outlive the kernel by design: stop the ones this test's homes started
        String home = work.resolve("databases-").toString();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(home)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void databasesAreProvisionedGuardedRotatedAndSurviveAKill() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(Path.of(System.getProperty("atoll.distribution")), work, "databases");
                BridgeClient client = BridgeClient.open(CLIENT)) {
            karaf.configure("org.atoll.kernel.cfg", Map.of("node.name", "n1"));
            karaf.configure("users.properties", Map.of("ops", "ops,viewer,ssh"));
            karaf.startServer();
            awaitPlugins(karaf);

            String added = run(karaf, "atoll:db-add mysql n1 wordpress wordpress",
                    "Added mysql database wordpress for user wordpress on n1: server mysql-1 at ");
            Matcher at = Pattern.compile("server mysql-1 at ([0-9.]+):(\\d+), allowed from ([0-9./]+)\\.").matcher(added);
            assertTrue(at.find(), added);
            String mysqlHost = at.group(1);
            int mysqlPort = Integer.parseInt(at.group(2));
            run(karaf, "atoll:db-add mysql n1 wordpress wordpress",
                    "Database wordpress for user wordpress exists already on n1 as mysql-1; nothing changed.");
            KarafHome.Run masked = karaf.client("atoll:db-list --no-format", COMMAND);
            String password = password(karaf, "mysql-1");
            assertFalse(masked.output.contains(password), "db-list shows no password without --show-secrets");
            assertTrue(masked.output.lines().anyMatch(l -> l.startsWith("mysql-1") && l.contains("ready")
                    && l.contains("******")), masked.toString());
            KarafHome.Run viewer = karaf.client("ops", "ops", "atoll:db-list --show-secrets", COMMAND);
            assertTrue(viewer.output.contains("Insufficient credentials") && !viewer.output.contains(password),
                    "a viewer cannot reveal passwords: " + viewer);
            assertTrue(karaf.client("ops", "ops", "atoll:db-list --no-format", COMMAND).output.contains("******"));
            BridgeClient.Result ok = client.select1("mysql", mysqlHost, mysqlPort, "wordpress", "wordpress", password);
            assertTrue(ok.ok(), "a client on the bridge connects: " + ok);
            assertFalse(client.select1("mysql", mysqlHost, mysqlPort, "wordpress", "wordpress", "wrong-password").ok());
            assertFalse(Files.readString(karaf.home.resolve("data/log/karaf.log")).contains(password),
                    "the password is not in the log");

            // outside the allowed range: this host's address is not in 10.99.0.0/24
            String outside = run(karaf, "atoll:db-add -a 10.99.0.0/24 -p Blog-pass-1 mysql n1 blog blog",
                    "Added mysql database blog for user blog on n1: server mysql-2 at ");
            Matcher at2 = Pattern.compile("server mysql-2 at ([0-9.]+):(\\d+)").matcher(outside);
            assertTrue(at2.find(), outside);
            BridgeClient.Result refused = client.select1("mysql", at2.group(1), Integer.parseInt(at2.group(2)), "blog",
                    "blog", "Blog-pass-1");
            assertFalse(refused.ok(), refused.toString());
            assertTrue(refused.output().contains("is not allowed to connect"), refused.toString());
            System.out.println("[databases] outside the range: " + refused.output());

            // rotation
            run(karaf, "atoll:db-rotate -p Rotated-pass-2 mysql-1", "Rotated the password of user wordpress on mysql-1");
            assertFalse(client.select1("mysql", mysqlHost, mysqlPort, "wordpress", "wordpress", password).ok());
            assertTrue(client.select1("mysql", mysqlHost, mysqlPort, "wordpress", "wordpress", "Rotated-pass-2").ok());

            // kill -9 of the kernel right after a db-add was stored, before it was provisioned
            run(karaf, "atoll:db-add --detach postgresql n1 shop shop", "Added postgresql database shop for user shop");
            long pid = karaf.jvmPid().orElseThrow();
            karaf.kill9(pid, COMMAND);
            karaf.startServer();
            awaitPlugins(karaf);
            String pgPassword = Await.until("postgresql-1 ready after the restart", BOOT, Duration.ofMillis(500), () -> {
                KarafHome.Run list = karaf.client("atoll:db-list --no-format", COMMAND);
                return list.output.lines().anyMatch(l -> l.startsWith("postgresql-1") && l.contains("ready"))
                        ? password(karaf, "postgresql-1") : null;
            });
            String pgLine = karaf.client("atoll:db-list --no-format", COMMAND).output.lines()
                    .filter(l -> l.startsWith("postgresql-1")).findFirst().orElseThrow();
            Matcher pgAt = Pattern.compile("([0-9.]+):(\\d+)").matcher(pgLine);
            assertTrue(pgAt.find(), pgLine);
            BridgeClient.Result pg = client.select1("postgresql", pgAt.group(1), Integer.parseInt(pgAt.group(2)), "shop",
                    "shop", pgPassword);
            assertTrue(pg.ok(), pg.toString());
            long postmasters = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                    .map(c -> c.contains("postgresql-1") && c.contains(karaf.home.toString()) && c.startsWith("/usr/lib/postgresql/"))
                    .orElse(false)).count();
            assertEquals(1, postmasters, "one postmaster for postgresql-1 after the restart");

            // a Servicefile service that declares a database
            Path file = Files.writeString(karaf.home.resolve("shop.Servicefile"), """
                    web:
                      image: %s
                      database: {kind: postgresql, name: orders}
                    """.formatted(IMAGE));
            // with the root logger at DEBUG, the container's environment (its password) must still not be logged
            assertEquals(0, karaf.client("log:set DEBUG", COMMAND).exitCode);
            KarafHome.Run deployed = karaf.client("atoll:deploy -D " + DEPLOYMENT + " " + file, COMMAND);
            assertEquals(0, deployed.exitCode, deployed.toString());
            String env = DockerCli.run("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", DEPLOYMENT + "-web-1-1");
            String url = env.lines().filter(l -> l.startsWith("DATABASE_URL=")).findFirst().orElseThrow();
            Matcher u = Pattern.compile("DATABASE_URL=postgresql://orders:([^@]+)@([0-9.]+):(\\d+)/orders").matcher(url);
            assertTrue(u.matches(), "DATABASE_URL has the server's address and the user");
            BridgeClient.Result orders = client.select1("postgresql", u.group(2), Integer.parseInt(u.group(3)), "orders",
                    "orders", java.net.URLDecoder.decode(u.group(1), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(orders.ok(), "the service's DATABASE_URL works: " + orders);
            assertEquals(0, karaf.client("log:set INFO", COMMAND).exitCode);
            String ordersPassword = java.net.URLDecoder.decode(u.group(1), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(Files.readString(karaf.home.resolve("data/log/karaf.log")).contains(ordersPassword),
                    "no password in the log, even at DEBUG");
            KarafHome.Run removed = karaf.client("atoll:deployment-remove " + DEPLOYMENT, COMMAND);
            assertTrue(removed.output.contains("Kept database dbshop-orders with its data"), removed.toString());

            for (String db : List.of("mysql-1", "mysql-2", "postgresql-1", "dbshop-orders")) {
                run(karaf, "atoll:db-remove --delete-data " + db, "Removed database " + db);
            }
            Await.until("every database server stopped", BOOT, Duration.ofMillis(500), () ->
                    ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                            .map(c -> c.contains(karaf.home.toString()) && (c.contains("mariadbd") || c.contains("/postgres ")))
                            .orElse(false)) ? 1 : null);
        }
    }

    private static String password(KarafHome karaf, String name) throws Exception {
        KarafHome.Run run = karaf.client("atoll:db-list --show-secrets --no-format", COMMAND);
        String line = run.output.lines().filter(l -> l.startsWith(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + run));
        return line.split("\t")[8].strip();
    }

    private static String run(KarafHome karaf, String command, String expected) throws Exception {
        KarafHome.Run run = karaf.client(command, COMMAND);
        assertTrue(run.output.contains(expected), run.toString());
        return run.output;
    }

    private static void awaitPlugins(KarafHome karaf) {
        Await.until("mysql and postgresql in atoll:plugins", BOOT, Duration.ofMillis(250), () -> {
            KarafHome.Run run = karaf.client("atoll:plugins --no-format", COMMAND);
            boolean both = run.output.contains("mysql") && run.output.contains("postgresql");
            if (run.exitCode != 0 || !both) {
                throw new IllegalStateException(run.toString());
            }
            return run;
        });
    }
}

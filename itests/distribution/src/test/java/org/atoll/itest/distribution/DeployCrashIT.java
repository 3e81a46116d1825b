package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills the Karaf JVM with SIGKILL in the middle of a 10-instance deploy, many times, on a real
 * Docker engine. After each restart exactly the declared instances run: none lost, none twice, none
 * of the previous version left, and the ones that were already running were not restarted.
 */
class DeployCrashIT {

    private static final String DEPLOYMENT = "crash";
    private static final String IMAGE = "atoll-example/web:1";
    private static final int INSTANCES = 10;
    private static final int ROUNDS = Integer.getInteger("atoll.crash.deploy.rounds", 6);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Duration BOOT = Duration.ofSeconds(120);

    private static Path distribution;
    private static Path work;

    @BeforeAll
    static void prepare() throws Exception {
        distribution = Path.of(System.getProperty("atoll.distribution"));
        work = Path.of(System.getProperty("atoll.workDirectory"));
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
    }

    @Test
    void killingTheKernelMidDeployNeverLosesOrDuplicatesInstances() throws Exception {
        Random random = new Random(Long.getLong("atoll.crash.seed", System.nanoTime()));
        int midway = 0;
        try (KarafHome karaf = KarafHome.unpack(distribution, work, "deploy-crash")) {
            // two steps at a time keep a deploy going long enough for the kill to land inside it
            karaf.configure("org.atoll.kernel.cfg", Map.of("reconcile.parallelism", "2"));
            karaf.startServer();
            awaitShell(karaf);
            for (int r = 1; r <= ROUNDS; r++) {
                final int round = r;
                Path servicefile = Files.writeString(karaf.home.resolve("Servicefile-" + round), """
                        web:
                          image: %s
                          env: {ROUND: "%d"}
                          count: %d
                        """.formatted(IMAGE, round, INSTANCES));
                Set<String> expected = IntStream.rangeClosed(1, INSTANCES)
                        .mapToObj(n -> DEPLOYMENT + "-web-" + round + "-" + n).collect(Collectors.toCollection(TreeSet::new));
                int killAt = 1 + random.nextInt(INSTANCES - 1);

                KarafHome.Run deploy = karaf.client("atoll:deploy -D " + DEPLOYMENT + " --detach " + servicefile, COMMAND);
                assertEquals(0, deploy.exitCode, deploy.toString());
                long pid = karaf.jvmPid().orElseThrow();
                Await.until(killAt + " new instances created", COMMAND, Duration.ofMillis(5), () -> {
                    Set<String> names = DockerCli.names(DEPLOYMENT);
                    names.retainAll(expected);
                    return names.size() >= killAt ? names : null;
                });
                karaf.kill9(pid, COMMAND);
                Map<String, DockerCli.Container> before = runningOf(expected);
                if (before.size() < INSTANCES) {
                    midway++;
                }

                karaf.startServer();
                awaitShell(karaf);
                Map<String, DockerCli.Container> after = Await.until("exactly the " + INSTANCES + " instances of round "
                        + round, BOOT, Duration.ofMillis(100), () -> {
                            Map<String, DockerCli.Container> all = DockerCli.containers(DEPLOYMENT);
                            boolean done = all.keySet().equals(expected)
                                    && all.values().stream().allMatch(c -> c.state().equals("running"));
                            return done ? all : null;
                        });
                for (DockerCli.Container c : before.values()) {
                    assertEquals(c.startedAt(), after.get(c.name()).startedAt(),
                            c.name() + " was running before the kill and must not have been restarted");
                }
                System.out.printf("[atoll] deploy crash round %d: killed with %d of %d running, converged to %s%n",
                        round, before.size(), INSTANCES, after.keySet());
            }
        }
        System.out.printf("[atoll] deploy crash: %d rounds, %d killed before the deploy finished%n", ROUNDS, midway);
        assertTrue(midway > 0, "at least one kill must land before all instances ran");
    }

    private static Map<String, DockerCli.Container> runningOf(Set<String> names) throws Exception {
        return DockerCli.containers(DEPLOYMENT).entrySet().stream()
                .filter(e -> names.contains(e.getKey()) && e.getValue().state().equals("running"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static void awaitShell(KarafHome karaf) {
        Await.until("the shell of " + karaf.home, BOOT, Duration.ofMillis(250), () -> {
            KarafHome.Run run = karaf.client("atoll:plugins --no-format", COMMAND);
            boolean docker = Arrays.stream(run.output.split("\\R")).map(l -> l.split("\t"))
                    .anyMatch(cells -> cells.length > 1 && cells[0].strip().equals("backend")
                            && cells[1].strip().equals("docker"));
            if (run.exitCode != 0 || !docker) {
                throw new IllegalStateException(run.toString());
            }
            return run;
        });
    }
}

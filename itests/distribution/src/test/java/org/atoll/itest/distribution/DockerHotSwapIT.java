package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Updates the Docker plugin bundle while a deployment runs: the containers are left alone, and the
 * next deploy goes through the new bundle.
 */
class DockerHotSwapIT {

    private static final String DEPLOYMENT = "hotswap";
    private static final String IMAGE = "atoll-example/web:1";
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Duration BOOT = Duration.ofSeconds(120);

    @BeforeAll
    static void prepare() throws Exception {
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
    }

    private static String servicefile(int count) {
        return """
                web:
                  image: %s
                  ports: [80]
                  count: %d
                """.formatted(IMAGE, count);
    }

    @Test
    void updatingTheDockerPluginLeavesContainersAloneAndTheNextDeployWorks() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(Path.of(System.getProperty("atoll.distribution")),
                Path.of(System.getProperty("atoll.workDirectory")), "hotswap")) {
            karaf.startServer();
            awaitDocker(karaf);
            Path two = Files.writeString(karaf.home.resolve("two.Servicefile"), servicefile(2));
            KarafHome.Run deployed = karaf.client("atoll:deploy -D " + DEPLOYMENT + " " + two, COMMAND);
            assertEquals(0, deployed.exitCode, deployed.toString());
            assertTrue(deployed.output.contains("Deployed web to"), deployed.toString());
            Map<String, DockerCli.Container> before = DockerCli.containers(DEPLOYMENT);
            assertEquals(Set.of("hotswap-web-1-1", "hotswap-web-1-2"), before.keySet());

            KarafHome.Run update = karaf.client("bundle:update org.atoll.plugin.docker", COMMAND);
            assertEquals(0, update.exitCode, update.toString());
            awaitDocker(karaf);

            Map<String, DockerCli.Container> after = DockerCli.containers(DEPLOYMENT);
            assertEquals(before, after, "the update touched no container (same names, states and start times)");

            Path three = Files.writeString(karaf.home.resolve("three.Servicefile"), servicefile(3));
            KarafHome.Run scaled = karaf.client("atoll:deploy -D " + DEPLOYMENT + " " + three, COMMAND);
            assertEquals(0, scaled.exitCode, scaled.toString());
            assertTrue(scaled.output.contains("Scaled web to 3."), scaled.toString());
            Map<String, DockerCli.Container> now = DockerCli.containers(DEPLOYMENT);
            assertEquals(Set.of("hotswap-web-1-1", "hotswap-web-1-2", "hotswap-web-1-3"), now.keySet());
            assertEquals("running", now.get("hotswap-web-1-3").state());
            assertEquals(before.get("hotswap-web-1-1"), now.get("hotswap-web-1-1"));
        }
    }

    private static void awaitDocker(KarafHome karaf) {
        Await.until("docker UP in atoll:plugins", BOOT, Duration.ofMillis(250), () -> {
            KarafHome.Run run = karaf.client("atoll:plugins --no-format", COMMAND);
            boolean up = run.output.lines().map(l -> l.split("\t")).anyMatch(c -> c.length > 3
                    && c[0].strip().equals("backend") && c[1].strip().equals("docker") && c[3].strip().equals("UP"));
            if (run.exitCode != 0 || !up) {
                throw new IllegalStateException(run.toString());
            }
            return run;
        });
    }
}

package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unpacked tar.gz as an operator uses it: {@code bin/karaf server}, {@code bin/client -b},
 * {@code bin/atoll}. Prints boot time and idle memory; asserts behaviour, not numbers.
 */
class DistributionIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofSeconds(5);

    private static Path distribution;
    private static Path work;

    @BeforeAll
    static void locateDistribution() {
        distribution = Path.of(required("atoll.distribution"));
        assertTrue(Files.isRegularFile(distribution), "the distribution is built: " + distribution);
        work = Path.of(required("atoll.workDirectory"));
    }

    @Test
    void storeKeepsDeploymentsAcrossKill9AndRestart() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(distribution, work, "restart")) {
            long started = System.nanoTime();
            karaf.startServer();
            awaitShell(karaf);
            Duration boot = Duration.ofNanos(System.nanoTime() - started);
            long pid = Await.until("karaf.pid of a live JVM", COMMAND_TIMEOUT, Duration.ofMillis(100),
                    () -> karaf.jvmPid().orElse(null));
            long rssKib = idleRss(pid);
            report("boot to a working shell (process start -> first atoll:plugins)", seconds(boot));
            report("idle RSS of the Karaf JVM after " + IDLE.toSeconds() + " s", (rssKib / 1024) + " MiB");

            KarafHome.Run created = karaf.client("atoll:deployment-create keep-me", COMMAND_TIMEOUT);
            assertEquals(0, created.exitCode, created.toString());
            assertTrue(created.output.contains("Created deployment keep-me."), created.toString());

            karaf.kill9(pid, COMMAND_TIMEOUT);

            long restarted = System.nanoTime();
            karaf.startServer();
            awaitShell(karaf);
            report("boot after kill -9", seconds(Duration.ofNanos(System.nanoTime() - restarted)));
            long newPid = Await.until("karaf.pid of the new JVM", COMMAND_TIMEOUT, Duration.ofMillis(100),
                    () -> karaf.jvmPid().filter(p -> p != pid).orElse(null));
            assertNotEquals(pid, newPid);

            KarafHome.Run list = karaf.client("atoll:deployment-list", COMMAND_TIMEOUT);
            assertEquals(0, list.exitCode, list.toString());
            assertTrue(hasRow(list.output, "keep-me"), "keep-me survived kill -9:\n" + list.output);
        }
    }

    @Test
    void launcherStartsRunsCommandsAndStops() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(distribution, work, "launcher")) {
            KarafHome.Run help = karaf.launcher(COMMAND_TIMEOUT, "--help");
            assertEquals(0, help.exitCode, help.toString());
            assertTrue(help.output.contains("Usage: bin/atoll"), help.toString());

            KarafHome.Run status = karaf.launcher(COMMAND_TIMEOUT, "status");
            assertEquals(3, status.exitCode, status.toString());

            long started = System.nanoTime();
            KarafHome.Run start = karaf.launcher(BOOT_TIMEOUT, "start");
            assertEquals(0, start.exitCode, start.toString());
            assertTrue(start.output.contains("Atoll is up"), start.toString());
            report("bin/atoll start until the shell answers", seconds(Duration.ofNanos(System.nanoTime() - started)));

            assertEquals(0, karaf.launcher(COMMAND_TIMEOUT, "status").exitCode);
            KarafHome.Run again = karaf.launcher(BOOT_TIMEOUT, "start");
            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.output.contains("already running"), again.toString());

            KarafHome.Run plugins = karaf.launcher(COMMAND_TIMEOUT, "plugins");
            assertEquals(0, plugins.exitCode, plugins.toString());
            assertTrue(plugins.output.contains("Extension point"), plugins.toString());
            assertTrue(hasRow(plugins.output, "scheduler"), plugins.toString());
            assertTrue(plugins.output.contains("resource"), plugins.toString());
            System.out.println("[atoll] bin/atoll plugins:\n" + plugins.output);

            KarafHome.Run created = karaf.launcher(COMMAND_TIMEOUT, "deployment-create", "-d",
                    "It's a description with spaces, quotes \" and $dollars", "launcher-web");
            assertEquals(0, created.exitCode, created.toString());
            assertTrue(created.output.contains("Created deployment launcher-web."), created.toString());

            KarafHome.Run bad = karaf.launcher(COMMAND_TIMEOUT, "deployment-create", "Bad_Name");
            assertNotEquals(0, bad.exitCode, bad.toString());
            assertTrue(bad.output.contains("name: \"Bad_Name\" is not a valid name"), bad.toString());

            KarafHome.Run list = karaf.launcher(COMMAND_TIMEOUT, "deployment-list");
            assertEquals(0, list.exitCode, list.toString());
            assertTrue(hasRow(list.output, "launcher-web"), list.toString());
            assertTrue(!list.output.contains("Bad_Name"), list.toString());

            KarafHome.Run stop = karaf.launcher(COMMAND_TIMEOUT, "stop");
            assertEquals(0, stop.exitCode, stop.toString());
            assertTrue(stop.output.contains("Atoll stopped."), stop.toString());
            assertEquals(3, karaf.launcher(COMMAND_TIMEOUT, "status").exitCode);
            assertTrue(karaf.jvmPid().isEmpty(), "no Karaf JVM is left");

            KarafHome.Run notRunning = karaf.launcher(COMMAND_TIMEOUT, "deployment-list");
            assertNotEquals(0, notRunning.exitCode, notRunning.toString());
            assertTrue(notRunning.output.contains("not running"), notRunning.toString());
        }
    }

    /** Polls {@code atoll:plugins} through bin/client until it succeeds. */
    private static KarafHome.Run awaitShell(KarafHome karaf) {
        return Await.until("atoll:plugins to answer on port " + karaf.sshPort, BOOT_TIMEOUT, Duration.ofMillis(250),
                () -> {
                    KarafHome.Run run = karaf.client("atoll:plugins", COMMAND_TIMEOUT);
                    if (run.exitCode != 0 || !hasRow(run.output, "scheduler")) {
                        throw new IllegalStateException(run.toString());
                    }
                    return run;
                });
    }

    /** Samples VmRSS every half second for {@link #IDLE}; returns the last sample. */
    private static long idleRss(long pid) throws Exception {
        long until = System.nanoTime() + IDLE.toNanos();
        long rss = KarafHome.rssKib(pid);
        while (System.nanoTime() - until < 0) {
            Thread.sleep(500);
            rss = KarafHome.rssKib(pid);
        }
        return rss;
    }

    /** True if a table row (formatted or not) starts with {@code first} as its first cell. */
    private static boolean hasRow(String output, String first) {
        return Arrays.stream(output.replaceAll("\u001B\\[[;\\d]*m", "").split("\\R"))
                .map(line -> line.split("[|\t]")[0].strip())
                .anyMatch(first::equals);
    }

    private static void report(String what, String value) {
        System.out.println("[atoll] " + what + ": " + value);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return value;
    }
}

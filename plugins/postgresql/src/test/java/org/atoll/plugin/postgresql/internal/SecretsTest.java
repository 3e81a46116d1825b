package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Passwords (the users' and the generated superuser's) never show up in any process's command line or
 * environment, in this plugin's log output at debug level, in exception messages or stack traces of forced
 * failures, or anywhere in the server's files but the superuser's own 0600 password file.
 */
class SecretsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static Fixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theProcessScanFindsAnArgument() throws Exception {
        String marker = secret();
        Process control = new ProcessBuilder("sh", "-c", "sleep 30", marker).start();
        try {
            Waits.until(java.time.Duration.ofSeconds(5), "the control process is seen",
                    () -> !scanProcesses(List.of(marker)).isEmpty());
        } finally {
            control.destroyForcibly();
        }
    }

    @Test
    void passwordsAppearNowhere() throws Exception {
        String first = secret();
        String second = secret();
        String failed = secret();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> secrets = new ArrayList<>(List.of(first, second, failed));
        AtomicBoolean done = new AtomicBoolean();
        Thread scanner = new Thread(() -> {
            while (!done.get()) {
                seen.addAll(scanProcesses(secrets));
            }
        }, "proc-scanner");
        String superPw;
        ServerStatus s;
        try (LogCapture log = new LogCapture()) {
            scanner.start();
            s = fx.server("secrets", "127.0.0.1");
            superPw = fx.superuserPassword("secrets");
            secrets.add(superPw);
            DatabaseSpec spec = new DatabaseSpec("sec_user", "sec_db", "127.0.0.1/32");
            fx.provider.ensureDatabase("secrets", spec, Secret.of(first));
            fx.provider.rotatePassword("secrets", "sec_user", Secret.of(second));
            fx.provider.ensureDatabase("secrets", spec, Secret.of(first));

            List<ProviderException> failures = new ArrayList<>();
            failures.add(fail(() -> fx.provider.ensureDatabase("nowhere", spec, Secret.of(failed))));
            failures.add(fail(() -> fx.provider.rotatePassword("secrets", "no_such_user", Secret.of(failed))));
            failures.add(fail(() -> fx.provider.ensureDatabase("secrets", spec, Secret.of(failed + "\0" + first))));
            failures.add(fail(() -> fx.provider.ensureDatabase("secrets",
                    new DatabaseSpec("sec_user", "sec_db", "127.0.0.1/32 trust"), Secret.of(failed))));
            failures.add(fail(() -> fx.provider.ensureDatabase("secrets", new DatabaseSpec("pg_x", "sec_db",
                    "127.0.0.1/32"), Secret.of(failed))));
            // The superuser's login refused: a wrong password file.
            Path pwFile = fx.dir("secrets").passwordFile();
            byte[] good = Files.readAllBytes(pwFile);
            new OsFiles(Fixture.OS_USER).writePrivate(pwFile, (failed + "\n").getBytes(StandardCharsets.US_ASCII));
            try {
                ProviderException refused = fail(() -> fx.provider.ensureDatabase("secrets", spec, Secret.of(first)));
                assertFalse(refused.retryable());
                assertTrue(refused.getMessage().contains("refused the superuser login"), refused.getMessage());
                failures.add(refused);
            } finally {
                new OsFiles(Fixture.OS_USER).writePrivate(pwFile, good);
            }
            // A stopped server.
            fx.provider.removeServer("secrets", false);
            ProviderException stopped = fail(() -> fx.provider.ensureDatabase("secrets", spec, Secret.of(failed)));
            assertTrue(stopped.retryable(), stopped.getMessage());
            failures.add(stopped);
            fx.provider.ensureServer(new org.atoll.spi.database.ServerSpec("secrets", "node1", "127.0.0.1", s.port()));

            for (ProviderException e : failures) {
                String trace = trace(e);
                for (String secret : secrets) {
                    assertFalse(trace.contains(secret), "a password in: " + trace);
                }
            }
            done.set(true);
            scanner.join();
            seen.addAll(scanProcesses(secrets));
            String logged = log.text();
            assertTrue(logged.contains("Started PostgreSQL server secrets"), "the log was captured");
            for (String secret : secrets) {
                assertFalse(logged.contains(secret), "a password in the log output");
            }
        } finally {
            done.set(true);
        }
        assertEquals(Set.of(), seen, "passwords in /proc/*/cmdline or environ");
        assertEquals(List.of(fx.dir("secrets").passwordFile()),
                filesContaining(fx.dir("secrets").root(), List.of(superPw), null), "the file scan finds what is there");
        List<Path> leaks = filesContaining(fx.dir("secrets").root(), secrets, fx.dir("secrets").passwordFile());
        assertEquals(List.of(), leaks, "passwords in the server's files");
    }

    private static String secret() {
        return "Pw-" + HexFormat.of().formatHex(RANDOM.generateSeed(12));
    }

    private static ProviderException fail(Executable call) {
        return assertThrows(ProviderException.class, call);
    }

    private static String trace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** "PID cmdline" or "PID environ" for every process whose arguments or environment hold a secret. */
    private static Set<String> scanProcesses(List<String> secrets) {
        Set<String> hits = new java.util.HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                for (String f : List.of("cmdline", "environ")) {
                    try {
                        String text = new String(Files.readAllBytes(p.resolve(f)), StandardCharsets.UTF_8);
                        for (String secret : secrets) {
                            if (text.contains(secret)) {
                                hits.add(p.getFileName() + " " + f + ": " + text.replace('\0', ' '));
                            }
                        }
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return hits;
    }

    private static List<Path> filesContaining(Path root, List<String> secrets, Path except) throws IOException {
        List<Path> out = new ArrayList<>();
        List<byte[]> needles = secrets.stream().map(x -> x.getBytes(StandardCharsets.UTF_8)).toList();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f) || f.equals(except)) {
                    continue;
                }
                byte[] data = Files.readAllBytes(f);
                for (byte[] n : needles) {
                    if (indexOf(data, n) >= 0) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package org.atoll.itest.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One unpacked copy of the distribution tar.gz with ports of its own, driven only through its
 * scripts and /proc, as an operator would.
 */
final class KarafHome implements AutoCloseable {

    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

    final Path home;
    final int sshPort;
    final int httpPort;
    private final Path logs;
    private Process server;

    private KarafHome(Path home, int sshPort, int httpPort, Path logs) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
        this.logs = logs;
    }

    static KarafHome unpack(Path tarGz, Path workDirectory, String name) throws IOException, InterruptedException {
        Path home = workDirectory.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(home);
        Run untar = run(List.of("tar", "-xzf", tarGz.toString(), "--strip-components=1", "-C", home.toString()),
                home.getParent(), null, Duration.ofSeconds(60));
        if (untar.exitCode != 0) {
            throw new IllegalStateException("tar failed: " + untar.output);
        }
        int sshPort = freePort();
        edit(home.resolve("etc/org.apache.karaf.shell.cfg"), Map.of("sshPort", Integer.toString(sshPort)));
        edit(home.resolve("etc/org.apache.karaf.management.cfg"), Map.of(
                "rmiRegistryPort", Integer.toString(freePort()),
                "rmiServerPort", Integer.toString(freePort())));
        int httpPort = freePort();
        edit(home.resolve("etc/org.ops4j.pax.web.cfg"), Map.of("org.osgi.service.http.port", Integer.toString(httpPort)));
        return new KarafHome(home, sshPort, httpPort, workDirectory.resolve("logs"));
    }

    /** Sets properties of a configuration file under etc/, before the server starts. */
    void configure(String cfg, Map<String, String> values) throws IOException {
        edit(home.resolve("etc").resolve(cfg), values);
    }

    /** Starts {@code bin/karaf server} as a child process. */
    void startServer() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        cleanEnvironment(builder.environment());
        server = builder.start();
    }

    /** Runs shell commands through {@code bin/client -b}, as the launcher does. */
    Run client(String commands, Duration timeout) throws IOException, InterruptedException {
        return client("admin", "admin", commands, timeout);
    }

    /** The same as another user. */
    Run client(String user, String password, String commands, Duration timeout)
            throws IOException, InterruptedException {
        return run(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a", Integer.toString(sshPort),
                "-u", user, "-p", password, "-b"), home, commands + "\n", timeout);
    }

    /** Runs {@code bin/atoll ARGS...}. */
    Run launcher(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/atoll").toString());
        command.addAll(List.of(args));
        return run(command, home, null, timeout);
    }

    /** The Karaf JVM's pid, from the pid file it writes, once that process is alive. */
    Optional<Long> jvmPid() throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String text = Files.readString(pidFile).strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(text);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    }

    /** Resident set size of a process in KiB, from /proc. */
    static long rssKib(long pid) throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!m.find()) {
            throw new IllegalStateException("no VmRSS for pid " + pid);
        }
        return Long.parseLong(m.group(1));
    }

    /** SIGKILL to the Karaf JVM; returns once it and the server script are gone. */
    void kill9(long pid, Duration timeout) throws Exception {
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("pid " + pid + " is gone"));
        jvm.destroyForcibly();
        jvm.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (server != null && !server.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("bin/karaf did not exit after its JVM was killed");
        }
    }

    /** Stops whatever still runs, keeps the logs under the work directory, deletes the copy. */
    @Override
    public void close() throws IOException {
        try {
            Optional<Long> pid = jvmPid();
            if (pid.isPresent()) {
                ProcessHandle.of(pid.get()).ifPresent(KarafHome::terminate);
            }
            if (server != null) {
                terminate(server.toHandle());
            }
        } finally {
            keepLogs();
            deleteTree(home);
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after 30 s. */
    private static void terminate(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    private void keepLogs() throws IOException {
        Files.createDirectories(logs);
        String name = home.getFileName().toString();
        for (String file : List.of("data/log/karaf.log", "server.out")) {
            Path source = home.resolve(file);
            if (Files.exists(source)) {
                Files.copy(source, logs.resolve(name + "-" + source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Output and exit code of a finished command; -1 if it was killed at its deadline. */
    static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private static Run run(List<String> command, Path directory, String input, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "run-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            cleanEnvironment(builder.environment());
            Process process = builder.start();
            if (input != null) {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            int exit;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                exit = -1;
            }
            return new Run(exit, Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("KARAF_") || k.startsWith("ATOLL_") || k.equals("EXTRA_JAVA_OPTS")
                || k.equals("JAVA_OPTS"));
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    }

    /** Sets {@code key = value} for each key, replacing its line, or appending one. */
    private static void edit(Path cfg, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        for (Map.Entry<String, String> e : values.entrySet()) {
            Pattern key = Pattern.compile("^\\s*" + Pattern.quote(e.getKey()) + "\\s*=.*$");
            String line = e.getKey() + " = " + e.getValue();
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (key.matcher(lines.get(i)).matches()) {
                    lines.set(i, line);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(line);
            }
        }
        Files.write(cfg, lines);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

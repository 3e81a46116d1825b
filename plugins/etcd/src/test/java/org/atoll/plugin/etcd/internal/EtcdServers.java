package org.atoll.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.etcd.jetcd.Client;

/**
 * Real etcd processes from the host's binary (Debian package etcd-server) on free loopback ports and
 * temporary data directories; killed and removed by {@link #close()}. A missing binary fails the
 * tests: they never skip.
 */
final class EtcdServers implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("atoll.etcd.binary", "/usr/bin/etcd"));
    static final Duration READY = Duration.ofSeconds(20);

    /** One running member. */
    record Member(String name, String host, int clientPort, int peerPort, Path dir, Process process) {
        String clientUrl() {
            return "http://" + host + ":" + clientPort;
        }

        String peerUrl() {
            return "http://" + host + ":" + peerPort;
        }
    }

    private final Path root;
    private final List<Member> members = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    EtcdServers() {
        requireBinary();
        try {
            root = Files.createTempDirectory("atoll-etcd-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            fail("No etcd server binary at " + BINARY + ". These tests run against a real etcd: install it with"
                    + " `apt-get install etcd-server` (run .ci/prepare), or point -Datoll.etcd.binary at one.");
        }
    }

    /** Starts a cluster of {@code n} members on 127.0.0.1 and waits until all are healthy. */
    static EtcdServers cluster(int n) {
        EtcdServers s = new EtcdServers();
        try {
            List<Integer> ports = freePorts("127.0.0.1", 2 * n);
            List<String> names = new ArrayList<>();
            List<String> initial = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("m" + (i + 1));
                initial.add(names.get(i) + "=http://127.0.0.1:" + ports.get(2 * i + 1));
            }
            String token = "test-" + Long.toHexString(System.nanoTime());
            for (int i = 0; i < n; i++) {
                Path dir = s.root.resolve(names.get(i));
                int cp = ports.get(2 * i);
                int pp = ports.get(2 * i + 1);
                List<String> args = List.of(BINARY.toString(), "--name", names.get(i), "--data-dir", dir.toString(),
                        "--listen-client-urls", "http://127.0.0.1:" + cp,
                        "--advertise-client-urls", "http://127.0.0.1:" + cp,
                        "--listen-peer-urls", "http://127.0.0.1:" + pp,
                        "--initial-advertise-peer-urls", "http://127.0.0.1:" + pp,
                        "--initial-cluster", String.join(",", initial),
                        "--initial-cluster-state", "new",
                        "--initial-cluster-token", token);
                Process p = s.launch(args, names.get(i));
                s.members.add(new Member(names.get(i), "127.0.0.1", cp, pp, dir, p));
            }
            for (Member m : s.members) {
                awaitHealthy(m.clientUrl(), m.process());
            }
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    List<Member> members() {
        return members;
    }

    Path root() {
        return root;
    }

    /** Starts {@code args} (the etcd binary first) with output to a log file under the root. */
    Process launch(List<String> args, String logName) {
        try {
            Path log = root.resolve(logName + ".log");
            Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Process> processes() {
        return processes;
    }

    String log(String logName) {
        try {
            return Files.readString(root.resolve(logName + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The member that is the raft leader now, asked through the maintenance API. */
    Member leader() {
        List<Member> alive = members.stream().filter(m -> m.process().isAlive()).collect(Collectors.toList());
        try (Client c = Client.builder().endpoints(alive.stream().map(Member::clientUrl).toArray(String[]::new))
                .build()) {
            for (Member m : alive) {
                var status = c.getMaintenanceClient().statusMember(m.clientUrl()).get(5, TimeUnit.SECONDS);
                if (status.getLeader() != 0 && status.getLeader() == status.getHeader().getMemberId()) {
                    return m;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask for the leader: " + e, e);
        }
        throw new IllegalStateException("no member says it leads");
    }

    /** kill -9. */
    void kill(Member m) {
        m.process().destroyForcibly();
        try {
            m.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitHealthy(String clientUrl, Process process) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Waits.until(READY, "etcd at " + clientUrl + " healthy", () -> {
            if (!process.isAlive()) {
                fail("etcd at " + clientUrl + " exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("\"true\"");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** {@code count} distinct ports that were free on {@code host} a moment ago. */
    static List<Integer> freePorts(String host, int count) {
        Set<Integer> ports = new HashSet<>();
        List<Integer> ordered = new ArrayList<>();
        try {
            InetAddress a = InetAddress.getByName(host);
            while (ordered.size() < count) {
                try (ServerSocket s = new ServerSocket(0, 1, a)) {
                    if (ports.add(s.getLocalPort())) {
                        ordered.add(s.getLocalPort());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ordered;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}

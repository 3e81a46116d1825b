import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B3 and B4, routing through HAProxy, each against a peer in the same run.
 *
 * <p>B3: java benchmarks/RoutingBench.java b3 ATOLL WORK LB_ADDRESS ROUNDS
 * <br>A round scales the deployment b3 from one instance to two (Atoll's load balancer follows the
 * service through discovery, with no routing command) and measures from the new container's
 * StartedAt to the first HTTP 200 it answers through the load balancer. The peer round starts a
 * container with docker run and, the moment that returns, adds it to a plain HAProxy with the
 * Runtime API (add server + enable server), and measures the same way.
 *
 * <p>B4: java benchmarks/RoutingBench.java b4 ATOLL WORK LB_ADDRESS SECONDS API_URL
 * <br>Constant load (8 clients, a new connection per request) through the load balancer: first
 * SECONDS with no change (the baseline), then SECONDS while the service is scaled between 3 and 4
 * instances every second. Then the floor: SECONDS of the same container churn by hand (a container
 * started, then removed, every other second) that nothing routes to, beside the unchanged service,
 * which is what container churn alone costs this machine's tail. Then the peer: the same scaling by
 * hand through a plain HAProxy. Prints failed requests and p50/p99 of each phase.
 */
public class RoutingBench {

    private static final String IMAGE = "atoll-example/web:1";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "b3" -> b3(Path.of(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]));
            case "b4" -> b4(Path.of(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]), args[5]);
            default -> throw new IllegalArgumentException("b3 or b4");
        }
    }

    // --- B3 --------------------------------------------------------------------------------------

    static void b3(Path atoll, Path work, String lb, int rounds) throws Exception {
        Path one = servicefile(work.resolve("b3-1.Servicefile"), 1);
        Path two = servicefile(work.resolve("b3-2.Servicefile"), 2);
        run(atoll.toString(), "deploy", "-D", "b3", one.toString());
        awaitAnswer(lb, 80, "b3-web-1-1", 30_000);
        Peer peer = Peer.start(work);
        List<Long> atollMs = new ArrayList<>();
        List<Long> peerMs = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                Process deploy = new ProcessBuilder(atoll.toString(), "deploy", "--detach", "-D", "b3", two.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Answer a = awaitOther(lb, 80, "b3-web-1-1", 60_000);
                deploy.waitFor();
                atollMs.add(a.epochMillis - startedAt(a.instance));
                run(atoll.toString(), "deploy", "-D", "b3", one.toString());
                awaitGone(a.instance);

                String name = "b3-peer-" + round;
                int port = freePort();
                run("docker", "run", "-d", "--rm", "--name", name, "-l", "atoll.bench=peer", "-e",
                        "ATOLL_INSTANCE=" + name, "-p", "127.0.0.1:" + port + ":80", IMAGE);
                peer.api("add server peer/" + name + " 127.0.0.1:" + port);
                peer.api("enable server peer/" + name);
                Answer p = awaitAnswer("127.0.0.1", peer.port, name, 60_000);
                peerMs.add(p.epochMillis - startedAt(name));
                peer.api("set server peer/" + name + " state maint");
                run("docker", "rm", "-f", name);
                peer.api("shutdown sessions server peer/" + name);
                peer.api("del server peer/" + name);
                System.out.printf("round %d: Atoll %d ms, peer %d ms%n", round, atollMs.get(round - 1),
                        peerMs.get(round - 1));
            }
        } finally {
            peer.close();
        }
        System.out.printf("B3 container up -> first HTTP 200 through HAProxy (%d rounds):%n", rounds);
        System.out.printf("   Atoll (discovery -> runtime API) p50 %d ms, p99 %d ms   peer (runtime API add + enable"
                + " right after docker run) p50 %d ms, p99 %d ms%n", pct(atollMs, 50), pct(atollMs, 99),
                pct(peerMs, 50), pct(peerMs, 99));
        System.out.printf("   ratio p99 %.2fx   (goal: Atoll p99 <= 100 ms)%n",
                (double) pct(atollMs, 99) / Math.max(1, pct(peerMs, 99)));
        System.out.println("   Atoll: " + atollMs);
        System.out.println("   peer:  " + peerMs);
    }

    record Answer(String instance, long epochMillis) {
    }

    static Answer awaitOther(String address, int port, String not, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            String who = ask(address, port);
            if (who != null && !who.equals(not)) {
                return new Answer(who, System.currentTimeMillis());
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no instance but " + not + " answered within " + timeoutMs + " ms");
    }

    static Answer awaitAnswer(String address, int port, String instance, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (instance.equals(ask(address, port))) {
                return new Answer(instance, System.currentTimeMillis());
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(instance + " did not answer through " + address + ":" + port);
    }

    /** The instance that answered a GET, or null for anything but 200. */
    static String ask(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            s.setSoTimeout(5000);
            String r = exchange(s);
            if (!r.startsWith("HTTP/1.1 200") && !r.startsWith("HTTP/1.0 200")) {
                return null;
            }
            int from = r.indexOf(" from ");
            return from < 0 ? null : r.substring(from + 6, r.indexOf(' ', from + 6));
        } catch (IOException e) {
            return null;
        }
    }

    static String exchange(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET /cgi-bin/hello HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    static long startedAt(String container) throws Exception {
        return Instant.parse(run("docker", "inspect", "-f", "{{.State.StartedAt}}", container).strip()).toEpochMilli();
    }

    static void awaitGone(String container) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (run("docker", "ps", "-aq", "--filter", "name=^" + container + "$").isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(container + " was not removed");
    }

    /** A plain HAProxy with an empty backend and an admin socket: what an operator scripting the Runtime API has. */
    static final class Peer implements AutoCloseable {
        final Process process;
        final Path socket;
        final int port;

        private Peer(Process process, Path socket, int port) {
            this.process = process;
            this.socket = socket;
            this.port = port;
        }

        static Peer start(Path work) throws Exception {
            Path dir = Files.createDirectories(work.resolve("b3-peer"));
            Path socket = dir.resolve("admin.sock");
            Files.deleteIfExists(socket);
            int port = freePort();
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout connect 5s
                        timeout client 30s
                        timeout server 30s
                        retries 3
                        option redispatch
                        retry-on conn-failure empty-response response-timeout
                    frontend web
                        bind 127.0.0.1:%d
                        default_backend peer
                    backend peer
                        balance roundrobin
                    """.formatted(socket, port));
            Process p = new ProcessBuilder("/usr/sbin/haproxy", "-f", cfg.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(socket)) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("the peer haproxy did not start: " + Files.readString(
                            dir.resolve("haproxy.log")));
                }
                Thread.sleep(10);
            }
            return new Peer(p, socket, port);
        }

        /** Adds a running container at its own address, checked like Atoll's servers. */
        void add(String container) throws Exception {
            String ip = run("docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", container).strip();
            api("add server peer/" + container + " " + ip + ":80 check inter 1s fall 1 rise 1");
            api("enable health peer/" + container);
            api("enable server peer/" + container);
        }

        String api(String command) throws IOException {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(socket));
                c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buf = ByteBuffer.allocate(4096);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (c.read(buf) > 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                return out.toString(StandardCharsets.US_ASCII);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    // --- B4 --------------------------------------------------------------------------------------

    static void b4(Path atoll, Path work, String lb, int seconds, String api) throws Exception {
        Path three = servicefile(work.resolve("b4-3.Servicefile"), 3);
        Path four = servicefile(work.resolve("b4-4.Servicefile"), 4);
        run(atoll.toString(), "deploy", "-D", "b4", three.toString());
        for (int i = 1; i <= 3; i++) {
            awaitAnswer(lb, 80, "b4-web-1-" + i, 60_000);
        }
        Phase baseline = load(lb, seconds, null);
        AtomicLong scaled = new AtomicLong();
        // The changes go through the HTTP API (deploy without waiting, as deploy --detach): a shell
        // session would add its own terminal handling to the CPU the change costs.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        Phase scaling = load(lb, seconds, stop -> {
            int i = 0;
            while (!stop.get()) {
                long next = System.currentTimeMillis() + 1000;
                Path file = i++ % 2 == 0 ? four : three;
                try {
                    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/deployments/b4/deploy?wait=0"))
                            .header("Authorization", auth).header("Content-Type", "application/yaml")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(file)).build();
                    var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        refused.add(response.statusCode() + " " + response.body());
                    }
                    scaled.incrementAndGet();
                    Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                } catch (Exception e) {
                    return;
                }
            }
        });
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the API refused changes: " + refused);
        }
        run(atoll.toString(), "deploy", "-D", "b4", three.toString());
        for (int i = 1; i <= 3; i++) {
            awaitAnswer(lb, 80, "b4-web-1-" + i, 60_000);
        }
        Phase floor = load(lb, seconds, stop -> churn(stop, "b4-floor-", null));
        Phase peerPhase = peerScaling(work, seconds);
        System.out.printf("B4 scale every second for %d s under constant load (%d clients x %d requests/s, a new"
                + " connection each, through HAProxy):%n", seconds, CLIENTS, RATE);
        System.out.printf("   baseline (no change): %d requests, %d failed, p50 %.2f ms, p99 %.2f ms%n",
                baseline.count(), baseline.failed, baseline.pct(50), baseline.pct(99));
        System.out.printf("   scaling (%d changes): %d requests, %d failed, p50 %.2f ms, p99 %.2f ms%n", scaled.get(),
                scaling.count(), scaling.failed, scaling.pct(50), scaling.pct(99));
        System.out.printf("   floor, no routing change: the same container churn by hand (docker run/rm of a container"
                + " no load balancer routes to) beside the unchanged service: %d requests, %d failed, p50 %.2f ms,"
                + " p99 %.2f ms%n", floor.count(), floor.failed, floor.pct(50), floor.pct(99));
        System.out.printf("   peer, the same scaling by hand (docker run/rm + Runtime API add/enable of the container's"
                + " address, maint/del) through a plain HAProxy: %d requests, %d failed, p50 %.2f ms, p99 %.2f ms%n",
                peerPhase.count(), peerPhase.failed, peerPhase.pct(50), peerPhase.pct(99));
        System.out.printf("   p99 ratio to the no-change baseline %.2fx (goal: 0 failed, <= 1.2x); the floor's %.2fx;"
                + " to the peer's scaling %.2fx%n", scaling.pct(99) / baseline.pct(99), floor.pct(99) / baseline.pct(99),
                scaling.pct(99) / peerPhase.pct(99));
    }

    /**
     * Starts a container every other second and removes it the second after, by hand: with a peer,
     * it is added to and taken out of the peer's backend like a scaled instance; without, nothing
     * routes to it (the churn alone).
     */
    static void churn(AtomicBoolean stop, String prefix, Peer peer) {
        int round = 0;
        while (!stop.get()) {
            long next = System.currentTimeMillis() + 1000;
            String name = prefix + (round / 2);
            try {
                if (round++ % 2 == 0) {
                    run("docker", "run", "-d", "--rm", "--name", name, "-l", "atoll.bench=peer", "-e",
                            "ATOLL_INSTANCE=" + name, "-p", "127.0.0.1::80", IMAGE);
                    if (peer != null) {
                        peer.add(name);
                    }
                } else {
                    if (peer != null) {
                        peer.api("set server peer/" + name + " state maint");
                        Thread.sleep(500);
                    }
                    run("docker", "rm", "-f", name);
                    if (peer != null) {
                        peer.api("del server peer/" + name);
                    }
                }
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            } catch (Exception e) {
                return;
            }
        }
    }

    /** The same churn without Atoll: three containers behind a plain HAProxy, a fourth added and removed each second. */
    static Phase peerScaling(Path work, int seconds) throws Exception {
        Peer peer = Peer.start(work);
        List<String> names = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                String name = "b4-peer-" + i;
                run("docker", "run", "-d", "--rm", "--name", name, "-l", "atoll.bench=peer", "-e",
                        "ATOLL_INSTANCE=" + name, "-p", "127.0.0.1::80", IMAGE);
                names.add(name);
                peer.add(name);
                awaitAnswer("127.0.0.1", peer.port, name, 30_000);
            }
            return load("127.0.0.1", peer.port, seconds, stop -> churn(stop, "b4-peer-x", peer));
        } finally {
            peer.close();
            for (String n : names) {
                run("docker", "rm", "-f", n);
            }
        }
    }

    record Phase(List<Long> nanos, long failed) {
        long count() {
            return nanos.size() + failed;
        }

        double pct(int p) {
            List<Long> s = new ArrayList<>(nanos);
            Collections.sort(s);
            return s.isEmpty() ? 0 : s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
        }
    }

    interface Changer {
        void run(AtomicBoolean stop);
    }

    /** Requests per second per client: a constant rate below what the machine can serve, so that what changes shows. */
    static final int RATE = 50;
    static final int CLIENTS = 8;

    static Phase load(String lb, int seconds, Changer changer) throws Exception {
        return load(lb, 80, seconds, changer);
    }

    static Phase load(String lb, int port, int seconds, Changer changer) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        long interval = 1_000_000_000L / RATE;
        for (int t = 0; t < CLIENTS; t++) {
            long offset = t * interval / CLIENTS;
            Thread client = new Thread(() -> {
                long next = System.nanoTime() + offset;
                while (!stop.get()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long start = System.nanoTime();
                    String problem = check(lb, port);
                    if (problem == null) {
                        nanos.add(System.nanoTime() - start);
                    } else {
                        failures.add(problem);
                    }
                    next += interval;
                }
            });
            client.start();
            threads.add(client);
        }
        Thread changes = changer == null ? null : new Thread(() -> changer.run(stop));
        if (changes != null) {
            changes.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (changes != null) {
            changes.join();
        }
        failures.stream().limit(5).forEach(f -> System.out.println("   failed: " + f));
        return new Phase(new ArrayList<>(nanos), failures.size());
    }

    /** Null when a GET through the load balancer answered 200, else what went wrong. */
    static String check(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            s.setSoTimeout(5000);
            String r = exchange(s);
            return r.startsWith("HTTP/1.1 200") || r.startsWith("HTTP/1.0 200") ? null
                    : r.lines().findFirst().orElse("(empty response)");
        } catch (IOException e) {
            return e.toString();
        }
    }

    // --- common ----------------------------------------------------------------------------------

    static Path servicefile(Path file, int count) throws IOException {
        return Files.writeString(file, "web:\n  image: " + IMAGE + "\n  ports: [80]\n  count: " + count
                + "\n  network: bridge\n");
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static long pct(List<Long> values, int p) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

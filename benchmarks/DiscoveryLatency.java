import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * B7, discovery latency: a container starts → its registration reaches an etcd watcher, against a
 * raw etcd put → the same watcher, measured in the same run.
 *
 * <p>java benchmarks/DiscoveryLatency.java ETCD_URL PREFIX CONTAINER ROUNDS
 *
 * <p>Each round kills CONTAINER (an Atoll instance; the reconciler starts it again) and waits for
 * the watch to deliver the deletion and then the new registration; the latency is from the
 * container's StartedAt (Docker's clock, the same host) to the moment this watcher received the
 * put. The peer round puts a key carrying its send time and measures its arrival on the watch.
 */
public class DiscoveryLatency {

    private static final Pattern EVENT = Pattern.compile("\\{\"(type\":\"DELETE\",\")?kv\":\\{\"key\":\"([^\"]+)\"");

    record Event(boolean delete, String key, long receivedMillis, long receivedNanos) {
    }

    public static void main(String[] args) throws Exception {
        String etcd = args[0];
        String prefix = args[1];
        String container = args[2];
        int rounds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        watch(http, etcd, prefix, events);
        watch(http, etcd, "/atoll-bench/", events);

        List<Long> atoll = new ArrayList<>();
        List<Long> peer = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            events.clear();
            docker("kill", container);
            await(events, e -> e.delete() && e.key().contains("/" + container + ":"), "deletion of " + container);
            Event put = await(events, e -> !e.delete() && e.key().contains("/" + container + ":"), "registration");
            Instant started = Instant.parse(docker("inspect", "-f", "{{.State.StartedAt}}", container).strip());
            atoll.add(put.receivedMillis() - started.toEpochMilli());

            events.clear();
            String key = "/atoll-bench/k" + round;
            long sent = System.nanoTime();
            post(http, etcd + "/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64("x") + "\"}");
            Event got = await(events, e -> e.key().equals(key) && !e.delete(), "peer put");
            peer.add(TimeUnit.NANOSECONDS.toMicros(got.receivedNanos() - sent));
        }
        post(http, etcd + "/v3/kv/deleterange", "{\"key\":\"" + b64("/atoll-bench/") + "\",\"range_end\":\""
                + b64("/atoll-bench0") + "\"}");
        System.out.printf("B7 container start -> registration seen by an etcd watcher (%d rounds):%n", rounds);
        System.out.printf("   Atoll p50 %d ms  p99 %d ms   raw etcd put -> watch p50 %.2f ms  p99 %.2f ms%n",
                pct(atoll, 50), pct(atoll, 99), pct(peer, 50) / 1000.0, pct(peer, 99) / 1000.0);
        System.out.printf("   ratio p50 %.1fx  p99 %.1fx%n", pct(atoll, 50) * 1000.0 / Math.max(1, pct(peer, 50)),
                pct(atoll, 99) * 1000.0 / Math.max(1, pct(peer, 99)));
        System.out.println("   Atoll runs (ms): " + atoll);
        System.exit(0);
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Event await(LinkedBlockingQueue<Event> events, java.util.function.Predicate<Event> match, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && match.test(e)) {
                return e;
            }
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    private static void watch(HttpClient http, String etcd, String prefix, LinkedBlockingQueue<Event> sink)
            throws IOException, InterruptedException {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        String body = "{\"create_request\":{\"key\":\"" + b64(prefix) + "\",\"range_end\":\""
                + Base64.getEncoder().encodeToString(end) + "\"}}";
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(etcd + "/v3/watch"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        Thread t = new Thread(() -> response.body().forEach(line -> {
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            Matcher m = EVENT.matcher(line);
            while (m.find()) {
                String key = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
                sink.add(new Event(m.group(1) != null, key, millis, nanos));
            }
        }));
        t.setDaemon(true);
        t.start();
    }

    private static void post(HttpClient http, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + ": " + out);
        }
        return out;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

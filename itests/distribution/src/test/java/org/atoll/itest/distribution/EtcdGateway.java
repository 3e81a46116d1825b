package org.atoll.itest.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of etcd's own JSON gateway ({@code /v3/kv/range}, {@code /v3/watch}), independent of the
 * plugin under test: what it reads is what any etcd client sees.
 */
final class EtcdGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A watch event and when this client received it. */
    record Event(String type, String key, String value, long receivedNanos, long receivedEpochMillis) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private final List<Stream<String>> streams = new CopyOnWriteArrayList<>();

    EtcdGateway(String base) {
        this.base = base;
    }

    /** Keys under {@code prefix} with their values. */
    Map<String, String> range(String prefix) throws IOException, InterruptedException {
        JsonNode body = post("/v3/kv/range", Map.of("key", b64(prefix), "range_end", b64(prefixEnd(prefix))));
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode kv : body.path("kvs")) {
            out.put(unb64(kv.path("key").asText()), unb64(kv.path("value").asText()));
        }
        return out;
    }

    /** The names of the cluster's members. */
    List<String> members() throws IOException, InterruptedException {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode m : post("/v3/cluster/member/list", Map.of()).path("members")) {
            out.add(m.path("name").asText());
        }
        out.sort(null);
        return out;
    }

    void put(String key, String value) throws IOException, InterruptedException {
        post("/v3/kv/put", Map.of("key", b64(key), "value", b64(value)));
    }

    void delete(String prefix) throws IOException, InterruptedException {
        post("/v3/kv/deleterange", Map.of("key", b64(prefix), "range_end", b64(prefixEnd(prefix))));
    }

    /** Streams every change under {@code prefix} into {@code sink} until closed. */
    void watch(String prefix, List<Event> sink) throws IOException, InterruptedException {
        String create = JSON.writeValueAsString(Map.of("create_request",
                Map.of("key", b64(prefix), "range_end", b64(prefixEnd(prefix)))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v3/watch"))
                .POST(HttpRequest.BodyPublishers.ofString(create)).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        streams.add(response.body());
        Thread t = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    long nanos = System.nanoTime();
                    long millis = System.currentTimeMillis();
                    try {
                        for (JsonNode e : JSON.readTree(line).path("result").path("events")) {
                            sink.add(new Event(e.path("type").asText("PUT"), unb64(e.path("kv").path("key").asText()),
                                    unb64(e.path("kv").path("value").asText()), nanos, millis));
                        }
                    } catch (IOException ignored) {
                        // a line that is not an event
                    }
                });
            } catch (RuntimeException closed) {
                // the stream was closed
            }
        }, "etcd-watch");
        t.setDaemon(true);
        t.start();
        watchers.add(t);
    }

    private JsonNode post(String path, Map<String, String> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    private static String prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        b[b.length - 1]++;
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        streams.forEach(Stream::close);
        watchers.forEach(Thread::interrupt);
    }
}

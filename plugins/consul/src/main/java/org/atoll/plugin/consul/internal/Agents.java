package org.atoll.plugin.consul.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.atoll.spi.ProviderException;

/**
 * The connected Consul agents, tried in list order: a call goes to the first one that answers. An agent
 * that did not answer is skipped for a short while so that a dead first registry does not cost a timeout
 * on every call; once that passes it is tried first again. Every request carries the ACL token as the
 * {@code X-Consul-Token} header and nowhere else.
 */
final class Agents {

    static final String NO_REGISTRY = "no consul registry: add one with registry-add NODE IP --type consul";
    static final String TOKEN_HEADER = "X-Consul-Token";
    static final String INDEX_HEADER = "X-Consul-Index";

    /** An agent's answer, whatever its status. {@code index} is X-Consul-Index, -1 when absent. */
    record Response(URI base, int status, String body, long index) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client;
    private final Settings settings;
    private final Health health;
    private final Map<URI, Long> skipUntil = new ConcurrentHashMap<>();
    private final Map<URI, String> lastFailure = new ConcurrentHashMap<>();
    private volatile List<URI> bases = List.of();

    Agents(HttpClient client, Settings settings, Health health) {
        this.client = client;
        this.settings = settings;
        this.health = health;
    }

    void use(List<URI> next) {
        bases = List.copyOf(next);
        skipUntil.keySet().retainAll(bases);
        lastFailure.keySet().retainAll(bases);
    }

    List<URI> bases() {
        return bases;
    }

    Response call(String method, String pathAndQuery, String json) {
        return call(method, pathAndQuery, json, settings.requestTimeout());
    }

    /** Sends to the first agent that answers; throws a retryable ProviderException when none does. */
    Response call(String method, String pathAndQuery, String json, Duration timeout) {
        List<URI> all = bases;
        if (all.isEmpty()) {
            health.down(NO_REGISTRY);
            throw new ProviderException(NO_REGISTRY, true);
        }
        List<URI> order = new ArrayList<>(all.size());
        List<URI> skipped = new ArrayList<>();
        long now = System.nanoTime();
        for (URI base : all) {
            Long until = skipUntil.get(base);
            (until != null && until - now > 0 ? skipped : order).add(base);
        }
        order.addAll(skipped);
        List<String> failures = new ArrayList<>();
        for (URI base : order) {
            try {
                Response r = send(base, method, pathAndQuery, json, timeout);
                skipUntil.remove(base);
                lastFailure.remove(base);
                URI first = all.get(0);
                if (base.equals(first)) {
                    health.up();
                } else {
                    health.degraded("consul at " + first + " does not answer ("
                            + lastFailure.getOrDefault(first, "skipped after an earlier failure") + "); using " + base);
                }
                return r;
            } catch (IOException e) {
                String why = reason(e);
                lastFailure.put(base, why);
                skipUntil.put(base, System.nanoTime() + Math.max(settings.requestTimeout().toNanos(), 2_000_000_000L));
                failures.add(base + ": " + why);
            }
        }
        String message = "no consul registry answers: " + String.join("; ", failures);
        health.down(message);
        throw new ProviderException(message, true);
    }

    /** One agent only, no failover: for calls that must reach that agent (leave). */
    Response callOnly(URI base, String method, String pathAndQuery) throws IOException {
        return send(base, method, pathAndQuery, null, settings.requestTimeout());
    }

    private Response send(URI base, String method, String pathAndQuery, String json, Duration timeout)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (!settings.token().isEmpty()) {
            b.header(TOKEN_HEADER, settings.token());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long index = r.headers().firstValue(INDEX_HEADER).map(Agents::parseIndex).orElse(-1L);
            return new Response(base, r.statusCode(), r.body(), index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while calling consul at " + base, true, e);
        }
    }

    private static long parseIndex(String v) {
        try {
            return Long.parseUnsignedLong(v.trim());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    static String reason(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}

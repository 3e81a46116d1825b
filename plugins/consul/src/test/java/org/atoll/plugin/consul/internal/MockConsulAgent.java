package org.atoll.plugin.consul.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.atoll.api.model.Registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * NOT Consul: an in-process mock of the subset of Consul's HTTP API that the provider uses, on loopback.
 * No Consul binary can be obtained on the machines this project builds on, so this is what the tests run
 * against. It records every request and keeps a small model of one agent: its services and checks, TTL
 * expiry (passing to critical), a node-level serfHealth check, a raft index for blocking queries, a leader
 * and a raft peer set. Request and response shapes follow Consul's API documentation (see README.md); the
 * mock is stricter than Consul in one way on purpose: it refuses JSON field names not spelled exactly as
 * documented, so that the tests pin the casing. It does NOT run tcp/http checks (tests set their status),
 * reap critical services, serve DNS, gossip or run raft.
 */
final class MockConsulAgent implements AutoCloseable {

    static final String NODE = MockConsulState.NODE;
    static final String DATACENTER = MockConsulState.DATACENTER;

    /** One recorded request; {@code path} is the raw (still encoded) path. */
    record Request(long at, String method, String path, Map<String, List<String>> query,
            Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }


    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService ticker;
    private final MockConsulState state = new MockConsulState();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private MockConsulAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mock-consul-http");
            t.setDaemon(true);
            return t;
        });
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mock-consul-ttl");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        ticker.scheduleWithFixedDelay(state::expireTtls, 20, 20, TimeUnit.MILLISECONDS);
    }

    static MockConsulAgent start() {
        try {
            return new MockConsulAgent();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** This agent as an adopted registry (reached at its URL). */
    Registry adopted(String name) {
        return new Registry(name, "consul", null, null, uri().toString());
    }

    @Override
    public void close() {
        server.stop(0);
        ticker.shutdownNow();
        handlers.shutdownNow();
    }

    // ---- what tests look at and change ----

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, Predicate<String> path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.method().equals(method) && path.test(r.path())) {
                out.add(r);
            }
        }
        return out;
    }

    void clearRequests() {
        requests.clear();
    }

    boolean hasService(String id) {
        return state.hasService(id);
    }

    String checkStatus(String checkId) {
        return state.checkStatus(checkId);
    }

    void setCheckStatus(String checkId, String status, String output) {
        state.setCheckStatus(checkId, status, output);
    }

    void setNodeStatus(String status) {
        state.setNodeStatus(status);
    }

    /** The agent restarted without its state. */
    void forgetEverything() {
        state.forgetEverything();
    }

    /** The raft index goes backwards (a snapshot restore), as Consul's blocking-query docs warn. */
    void resetIndex(long to) {
        state.resetIndex(to);
    }

    void requireToken(String token) {
        state.requireToken(token);
    }

    void setLeader(String address) {
        state.setLeader(address);
    }

    void setRaftPeers(List<String> addresses) {
        state.setRaftPeers(addresses);
    }

    List<String> raftPeers() {
        return state.raftPeers();
    }

    boolean left() {
        return state.left();
    }

    /** Answer {@code /v1/health/service/...} with this status (0 = normally). */
    void failHealthWith(int status) {
        state.failHealthWith(status);
    }

    /** A service somebody else registered: no Atoll Meta, one check in the given state. */
    void addForeignService(String id, String name, int port, String checkStatus) {
        state.addForeignService(id, name, port, checkStatus);
    }

    // ---- the HTTP side ----

    private void handle(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String rawPath = ex.getRequestURI().getRawPath();
        Map<String, List<String>> query = parseQuery(ex.getRequestURI().getRawQuery());
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Request req = new Request(System.nanoTime(), ex.getRequestMethod(), rawPath, query, headers, body);
        requests.add(req);
        MockConsulState.Reply reply;
        try {
            reply = route(req, segments(rawPath));
        } catch (MockConsulDecoder.BadRequest e) {
            reply = new MockConsulState.Reply(400, "Request decode failed: " + e.getMessage(), -1);
        } catch (RuntimeException e) {
            reply = new MockConsulState.Reply(500, "mock failure: " + e, -1);
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.index() >= 0) {
            ex.getResponseHeaders().add("X-Consul-Index", Long.toString(reply.index()));
        }
        ex.getResponseHeaders().add("Content-Type",
                reply.status() == 200 ? "application/json" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private MockConsulState.Reply route(Request req, List<String> p) {
        if (!state.allows(req)) {
            return new MockConsulState.Reply(403, "ACL not found", -1);
        }
        String m = req.method();
        String at = String.join("/", p.subList(0, Math.min(p.size(), 4)));
        if (p.size() == 4 && at.equals("v1/agent/service/register")) {
            return m.equals("PUT") ? state.register(req) : notAllowed();
        }
        if (p.size() == 5 && at.equals("v1/agent/service/deregister")) {
            return m.equals("PUT") ? state.deregister(p.get(4)) : notAllowed();
        }
        if (p.size() == 3 && at.equals("v1/agent/services")) {
            return m.equals("GET") ? MockConsulState.Reply.ok(state.agentServices()) : notAllowed();
        }
        if (p.size() == 3 && at.equals("v1/agent/checks")) {
            return m.equals("GET") ? MockConsulState.Reply.ok(state.agentChecks()) : notAllowed();
        }
        if (p.size() == 5 && at.equals("v1/agent/check/pass")) {
            return m.equals("PUT") ? state.pass(p.get(4), req.param("note")) : notAllowed();
        }
        if (p.size() == 4 && String.join("/", p.subList(0, 3)).equals("v1/health/service")) {
            return m.equals("GET") ? state.health(p.get(3), req) : notAllowed();
        }
        if (p.size() == 3 && at.equals("v1/status/leader")) {
            return m.equals("GET") ? state.leader() : notAllowed();
        }
        if (p.size() == 3 && at.equals("v1/agent/leave")) {
            return m.equals("PUT") ? state.leave() : notAllowed();
        }
        if (p.size() == 4 && at.equals("v1/operator/raft/configuration")) {
            return m.equals("GET") ? state.raftConfiguration() : notAllowed();
        }
        if (p.size() == 4 && at.equals("v1/operator/raft/peer")) {
            return m.equals("DELETE") ? state.removePeer(req.param("address")) : notAllowed();
        }
        return new MockConsulState.Reply(404, "mock: not part of the mocked API subset", -1);
    }

    private static MockConsulState.Reply notAllowed() {
        return new MockConsulState.Reply(405, "method not allowed", -1);
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}

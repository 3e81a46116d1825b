package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.routing.BackendServer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process HTTP server on 127.0.0.1 and an ephemeral port that answers 200 with its own name. On a
 * {@link #slow()} one, {@code /hold} requests stay open until {@link #release()}. Headers the proxy
 * added are echoed in the body's second and third lines.
 */
final class Backend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private volatile boolean slow;

    Backend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    Backend slow() {
        slow = true;
        return this;
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    BackendServer server() {
        return new BackendServer(name, "127.0.0.1", port());
    }

    int requests() {
        return requests.get();
    }

    int holding() {
        return holding.get();
    }

    String header(String name) {
        return lastHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    void release() {
        released.countDown();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        x.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        try {
            if (slow && x.getRequestURI().getPath().equals("/hold")) {
                holding.incrementAndGet();
                try {
                    released.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    holding.decrementAndGet();
                }
            }
            byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        } finally {
            x.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        pool.shutdownNow();
    }
}

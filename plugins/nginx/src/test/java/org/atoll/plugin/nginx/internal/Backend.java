package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.routing.BackendServer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that answers 200 with its own name. {@code /slow} holds the request open
 * until {@link #release()} (or 20 s); {@code /headers} answers with the forwarding headers it got;
 * {@code /size} answers with the number of body bytes it read.
 */
final class Backend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(1);

    Backend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            served.incrementAndGet();
            String path = x.getRequestURI().getPath();
            String body = name;
            if (path.equals("/slow")) {
                open.incrementAndGet();
                try {
                    gate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    open.decrementAndGet();
                }
            } else if (path.equals("/headers")) {
                body = "xff=" + x.getRequestHeaders().getFirst("X-Forwarded-For") + " proto="
                        + x.getRequestHeaders().getFirst("X-Forwarded-Proto") + " host="
                        + x.getRequestHeaders().getFirst("Host");
            } else if (path.equals("/size")) {
                try (InputStream in = x.getRequestBody()) {
                    body = Long.toString(in.transferTo(OutputStream.nullOutputStream()));
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, bytes.length);
            x.getResponseBody().write(bytes);
        }
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

    /** Requests now held open in {@code /slow}. */
    int open() {
        return open.get();
    }

    int served() {
        return served.get();
    }

    void release() {
        gate.countDown();
        gate = new CountDownLatch(1);
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.atoll.testing.backend;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling with a deadline, and a minimal HTTP client (busybox wget crashes on these machines). */
public final class Waits {

    private static final long POLL_MILLIS = 50;

    private Waits() {
    }

    /** Polls until {@code probe} returns a present value; fails naming {@code what} after {@code timeout}. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toMillis() + " ms for " + what
                        + (last == null ? "" : "; last error: " + last), last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    public static void awaitTrue(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, () -> Boolean.TRUE.equals(condition.get()) ? Optional.of(true) : Optional.empty());
    }

    /** The body of {@code GET path} on 127.0.0.1:port once it answers 200, polled until {@code timeout}. */
    public static String httpGet(int port, String path, Duration timeout) {
        return await("HTTP 200 from 127.0.0.1:" + port + path, timeout, () -> {
            try {
                Http r = get(port, path);
                return r.status == 200 ? Optional.of(r.body) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private record Http(int status, String body) {
    }

    private static Http get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || end < 0) {
                throw new IOException("not an HTTP answer: " + text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            return new Http(status, text.substring(end + 4));
        }
    }
}

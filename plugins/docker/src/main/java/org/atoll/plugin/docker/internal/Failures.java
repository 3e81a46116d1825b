package org.atoll.plugin.docker.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.atoll.spi.ProviderException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;

/**
 * Runs engine calls and turns whatever docker-java throws into a {@link ProviderException} with an
 * honest {@code retryable}: an unreachable engine or a 5xx may succeed later, a 4xx never will as asked.
 */
final class Failures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Engine errors (HTTP 500) that no retry will fix: the image or its command is wrong. */
    private static final List<String> PERMANENT = List.of(
            "executable file not found", "no such file or directory", "permission denied", "invalid reference format",
            "invalid mount config", "invalid volume specification");

    private final String host;
    private final Health health;

    Failures(String host, Health health) {
        this.host = host;
        this.health = health;
    }

    /** Runs one engine call; {@code what} names the object for the message ({@code start instance "x"}). */
    <T> T call(String what, Supplier<T> call) {
        try {
            T result = call.get();
            health.up();
            return result;
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** Something other than a call showed that the engine answers. */
    void reachable() {
        health.up();
    }

    ProviderException failure(String what, Throwable e) {
        if (unreachable(e)) {
            String why = "the Docker engine at " + host + (timedOut(e) ? " did not answer in time: " : " is unreachable: ")
                    + rootMessage(e);
            health.down(why);
            return new ProviderException(what + " failed: " + why, true, e);
        }
        if (e instanceof DockerException d) {
            health.up(); // an HTTP answer: the engine is there
            String reason = reason(d);
            boolean retryable = d.getHttpStatus() >= 500 && !permanent(reason, d);
            return new ProviderException(what + " failed: " + reason, retryable, e);
        }
        if (e instanceof DockerClientException) {
            return new ProviderException(what + " failed: " + e.getMessage(), false, e);
        }
        return new ProviderException(what + " failed: " + rootMessage(e), true, e);
    }

    /** The engine's own message, without docker-java's "Status 404: {json}" wrapping. */
    static String reason(DockerException e) {
        String text = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^Status \\d+: ", "").trim();
        if (text.startsWith("{")) {
            try {
                JsonNode message = JSON.readTree(text).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText().trim();
                }
            } catch (JsonProcessingException ignored) {
                // not JSON after all: use the text as it is
            }
        }
        return text.isEmpty() ? "HTTP " + e.getHttpStatus() : text;
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException || t instanceof JsonProcessingException) {
                return false;
            }
            if (t instanceof SocketException || t instanceof InterruptedIOException
                    || (t instanceof IOException && !(t instanceof JsonProcessingException))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String type = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : message + " (" + type + ")";
    }

    private static boolean permanent(String reason, DockerException e) {
        if (!(e instanceof InternalServerErrorException) && e.getHttpStatus() != 500) {
            return false;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        return PERMANENT.stream().anyMatch(lower::contains);
    }
}

package org.atoll.plugin.docker.internal;

import java.time.Duration;

import org.atoll.spi.ProviderException;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

/** Makes images available: local first, pulled (bounded by the pull timeout) when missing. */
final class Images {

    private final Clients clients;
    private final Failures failures;
    private final Duration pullTimeout;

    Images(Clients clients, Failures failures, Duration pullTimeout) {
        this.clients = clients;
        this.failures = failures;
        this.pullTimeout = pullTimeout;
    }

    void ensure(String image) {
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new ProviderException("image \"" + image + "\" is not a valid image reference", false);
        }
        if (present(image)) {
            return;
        }
        pull(image);
        if (!present(image)) {
            throw notAvailable(image, "the engine finished the pull but does not have the image", false, null);
        }
    }

    boolean present(String image) {
        return failures.call("inspect image \"" + image + "\"", () -> {
            try {
                clients.ops().inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    private void pull(String image) {
        String[] ref = split(image);
        PullCallback pull = new PullCallback();
        try {
            clients.streams().pullImageCmd(ref[0]).withTag(ref[1]).exec(pull);
            if (!pull.await(pullTimeout.toMillis())) {
                throw notAvailable(image, "no result within " + pullTimeout.toSeconds() + " s", true, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAvailable(image, "interrupted", true, e);
        } catch (RuntimeException e) {
            throw failed(image, e);
        } finally {
            pull.close();
        }
        if (pull.failure() != null) {
            throw failed(image, pull.failure());
        }
        if (pull.error() != null) {
            throw notAvailable(image, pull.error(), false, null);
        }
    }

    private ProviderException failed(String image, Throwable e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (Failures.unreachable(e)) {
            return failures.failure("pull image \"" + image + "\"", e);
        }
        String reason = e instanceof DockerException d ? Failures.reason(d) : Failures.rootMessage(e);
        return notAvailable(image, reason, false, e);
    }

    private static ProviderException notAvailable(String image, String reason, boolean retryable, Throwable cause) {
        return new ProviderException(
                "image \"" + image + "\" is not available locally and could not be pulled: " + reason, retryable, cause);
    }

    /**
     * Repository and tag (or digest). The engine pulls every tag of a repository when the tag is
     * empty, so a reference without one means {@code latest}, as it does for {@code docker pull}.
     */
    static String[] split(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new String[] {image.substring(0, at), image.substring(at + 1)};
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        }
        return new String[] {image, "latest"};
    }
}

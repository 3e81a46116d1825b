package org.atoll.plugin.docker.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

/** Follows one pull: remembers the engine's last error and signals the end, without logging anything. */
final class PullCallback implements ResultCallback<PullResponseItem> {

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Closeable stream;
    private volatile boolean closed;
    private volatile String error;
    private volatile Throwable failure;

    @Override
    public void onStart(Closeable closeable) {
        stream = closeable;
        if (closed) {
            quietly(closeable);
        }
    }

    @Override
    public void onNext(PullResponseItem item) {
        if (item != null && item.isErrorIndicated()) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage()
                    : item.getError();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }

    /** Aborts the pull (the engine carries on downloading layers it started, which is harmless). */
    @Override
    public void close() {
        closed = true;
        Closeable s = stream;
        if (s != null) {
            quietly(s);
        }
        done.countDown();
    }

    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The engine's own error message from the progress stream, if it sent one. */
    String error() {
        return error;
    }

    /** What broke the stream itself (engine unreachable, HTTP error), if anything. */
    Throwable failure() {
        return failure;
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // the stream is going away either way
        }
    }
}

package org.atoll.kernel.internal.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.atoll.spi.store.WatchEvent;
import org.atoll.spi.store.WatchListener;

/** A listener that records what it gets and checks that calls never overlap. */
class WatchRecorder implements WatchListener {

    final List<List<WatchEvent>> batches = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void onEvents(List<WatchEvent> events) {
        enter();
        try {
            batches.add(List.copyOf(events));
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void onError(Throwable error) {
        enter();
        try {
            errors.add(error);
        } finally {
            inside.decrementAndGet();
        }
    }

    private void enter() {
        threads.add(Thread.currentThread().getName());
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
    }

    boolean overlapped() {
        return overlapped;
    }

    List<WatchEvent> events() {
        List<WatchEvent> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    /** The key and revision of every event, as "TYPE key@rev", in arrival order. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        for (WatchEvent e : events()) {
            out.add(e.type() + " " + e.kv().key() + "@" + e.kv().modRevision());
        }
        return out;
    }

    void awaitEvents(int count) {
        await("at least " + count + " events (have " + summary() + ")", () -> events().size() >= count);
    }

    void awaitError() {
        await("an error", () -> !errors.isEmpty());
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(15), condition);
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}

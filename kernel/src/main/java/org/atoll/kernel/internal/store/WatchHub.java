package org.atoll.kernel.internal.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;

import org.atoll.spi.store.CompactedException;
import org.atoll.spi.store.StoreException;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchEvent;
import org.atoll.spi.store.WatchListener;

/**
 * Recent history and the live watches.
 *
 * <p>History is in memory only, bounded by a number of revisions and of bytes; a watch from a
 * revision older than it gets a {@link CompactedException}. Publishing a revision and registering a
 * watch take the same lock, so a new watch receives every revision after its starting point
 * exactly once: from the history if published before it registered, live otherwise.
 */
final class WatchHub {

    private record Revision(long revision, List<WatchEvent> events, long bytes) {
    }

    private final Object lock = new Object();
    private final ArrayDeque<Revision> history = new ArrayDeque<>();
    private final List<WatchStream> watches = new ArrayList<>();
    private final Executor executor;
    private final int maxRevisions;
    private final long maxBytes;
    private final int maxBacklog;
    private long historyBytes;
    private long compactRevision;
    private StoreException closedBecause;

    WatchHub(long revision, Executor executor, int maxRevisions, long maxBytes) {
        this.compactRevision = revision;
        this.executor = executor;
        this.maxRevisions = maxRevisions;
        this.maxBytes = maxBytes;
        this.maxBacklog = Math.max(2 * maxRevisions, 1024);
    }

    /** Adds a durable revision. Called by the writer only, in revision order. */
    void publish(long revision, List<WatchEvent> events) {
        long bytes = 64;
        for (WatchEvent event : events) {
            bytes += 64 + 2L * event.kv().key().length() + event.kv().valueLength();
        }
        synchronized (lock) {
            history.addLast(new Revision(revision, events, bytes));
            historyBytes += bytes;
            while (history.size() > maxRevisions || (historyBytes > maxBytes && history.size() > 1)) {
                Revision dropped = history.removeFirst();
                historyBytes -= dropped.bytes();
                compactRevision = dropped.revision();
            }
            for (Iterator<WatchStream> it = watches.iterator(); it.hasNext();) {
                if (!it.next().offer(revision, events, maxBacklog)) {
                    it.remove();
                }
            }
        }
    }

    Watch watch(String prefix, long fromRevision, WatchListener listener) {
        synchronized (lock) {
            if (closedBecause != null) {
                throw new StoreException(closedBecause.getMessage(), closedBecause.retryable());
            }
            WatchStream stream = new WatchStream(prefix, fromRevision, listener, executor, this);
            if (fromRevision < compactRevision) {
                stream.end(new CompactedException(fromRevision, compactRevision));
                return stream;
            }
            for (Revision r : history) {
                if (!stream.offer(r.revision(), r.events(), maxBacklog)) {
                    return stream;
                }
            }
            watches.add(stream);
            return stream;
        }
    }

    void remove(WatchStream stream) {
        synchronized (lock) {
            watches.remove(stream);
        }
    }

    /** Ends every watch with {@code reason} and refuses new ones. */
    void close(StoreException reason) {
        synchronized (lock) {
            closedBecause = reason;
            for (WatchStream stream : watches) {
                stream.end(reason);
            }
            watches.clear();
            history.clear();
        }
    }
}

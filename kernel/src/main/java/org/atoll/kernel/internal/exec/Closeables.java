package org.atoll.kernel.internal.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing handles (watches, subscriptions, listeners) on the way out, where a failure changes nothing. */
public final class Closeables {

    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed", e);
        }
    }
}

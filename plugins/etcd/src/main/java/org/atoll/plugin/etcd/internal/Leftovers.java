package org.atoll.plugin.etcd.internal;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static pools of the embedded libraries that nothing closes: failsafe (jetcd's retries) keeps a
 * delay scheduler thread for the life of its class. When the last provider of this bundle closes,
 * they are stopped and forgotten (the library creates them again lazily), so that a refreshed
 * bundle's class loader is not held by a thread.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final String FAILSAFE = "dev.failsafe.internal.util.DelegatingScheduler";

    private Leftovers() {
    }

    /**
     * Stops the pools, and again for a short while if a retry that was still in flight when the
     * clients closed creates them anew (seen under load).
     */
    static void release() {
        try {
            Class<?> c = Class.forName(FAILSAFE, false, Leftovers.class.getClassLoader());
            stopAll(c);
            for (int quiet = 0, round = 0; quiet < 5 && round < 40; round++) {
                Thread.sleep(50);
                quiet = stopAll(c) ? 0 : quiet + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot stop failsafe's scheduler", e);
        }
    }

    /** True when a pool was running. */
    private static boolean stopAll(Class<?> c) throws ReflectiveOperationException {
        synchronized (c) {
            boolean delayer = stop(c, "DELAYER");
            boolean pool = stop(c, "FORK_JOIN_POOL");
            return delayer || pool;
        }
    }

    private static boolean stop(Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        Object pool = f.get(null);
        if (pool instanceof ExecutorService e && pool != ForkJoinPool.commonPool()) {
            f.set(null, null);
            e.shutdownNow();
            return true;
        }
        return false;
    }
}

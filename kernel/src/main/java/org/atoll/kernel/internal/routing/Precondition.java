package org.atoll.kernel.internal.routing;

import org.atoll.kernel.internal.deploy.StaleRevisionException;

/**
 * An If-Match for the routing commands, which take no revision themselves: while one is open on this
 * thread, a command that reads the record under {@code key} refuses to change it unless the record is
 * at {@code revision}. The command's own write is conditional on the record it read, so the check and
 * the change are one step.
 */
public final class Precondition implements AutoCloseable {

    private record Expected(String key, long revision) {
    }

    private static final ThreadLocal<Expected> EXPECTED = new ThreadLocal<>();

    private Precondition() {
    }

    /** Opens the precondition; close it (try-with-resources) when the command returns. */
    public static Precondition expect(String key, long revision) {
        EXPECTED.set(new Expected(key, revision));
        return new Precondition();
    }

    /** Throws if a precondition is open for {@code key} and the record read is at another revision. */
    static void check(String key, long revision, String what) {
        Expected e = EXPECTED.get();
        if (e != null && e.key().equals(key) && e.revision() != revision) {
            throw new StaleRevisionException(revision, what, e.revision());
        }
    }

    @Override
    public void close() {
        EXPECTED.remove();
    }
}

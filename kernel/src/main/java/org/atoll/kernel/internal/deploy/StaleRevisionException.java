package org.atoll.kernel.internal.deploy;

/** A conditional change found a deployment (or another record) at another revision than the caller had read; nothing was changed. */
public class StaleRevisionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long current;

    public StaleRevisionException(String deployment, long expected, long current) {
        this(current, "deployment " + deployment, expected);
    }

    /** {@code what} names the thing, e.g. "load balancer ha1". */
    public StaleRevisionException(long current, String what, long expected) {
        super(current == 0 ? what + " does not exist (expected revision " + expected + ")"
                : what + " is at revision " + current + ", not " + expected + "; read it again and retry");
        this.current = current;
    }

    /** The revision the deployment is at (0: it does not exist). */
    public long current() {
        return current;
    }
}

package org.atoll.kernel.internal.deploy;

/** A conditional change found the deployment at another revision than the caller had read; nothing was changed. */
public class StaleRevisionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long current;

    public StaleRevisionException(String deployment, long expected, long current) {
        super(current == 0 ? "deployment " + deployment + " does not exist (expected revision " + expected + ")"
                : "deployment " + deployment + " is at revision " + current + ", not " + expected
                        + "; read it again and retry");
        this.current = current;
    }

    /** The revision the deployment is at (0: it does not exist). */
    public long current() {
        return current;
    }
}

package org.atoll.kernel.internal.deploy;

/** The desired state was stored, but an instance did not come up; the message names it and why. */
public class DeployFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeployFailedException(String message) {
        super(message);
    }
}

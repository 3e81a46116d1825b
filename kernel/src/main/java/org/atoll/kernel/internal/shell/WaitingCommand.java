package org.atoll.kernel.internal.shell;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;

/** A command that changes instances and, unless detached, waits until they run. */
abstract class WaitingCommand implements Action {

    static final int DEFAULT_SECONDS = 120;

    @Option(name = "--wait", description = "Seconds to wait for the change to take effect: instances running, a database ready, a proxy serving (default 120)")
    int wait = DEFAULT_SECONDS;

    @Option(name = "--detach", description = "Return once the change is stored, without waiting")
    boolean detach;

    /** How long to wait; zero when detached. */
    Duration waitTime() {
        if (wait < 0 || wait > 3600) {
            throw new IllegalArgumentException("wait: " + wait + " is out of range (0-3600 seconds)");
        }
        return detach ? Duration.ZERO : Duration.ofSeconds(wait);
    }
}

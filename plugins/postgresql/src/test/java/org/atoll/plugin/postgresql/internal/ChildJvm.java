package org.atoll.plugin.postgresql.internal;

import java.util.concurrent.locks.LockSupport;

import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;

/**
 * A stand-in for a Karaf JVM that AdoptionTest kills with SIGKILL: ensures one server, prints READY and
 * waits to be killed. Arguments: data directory, binary directory, server name, port.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static void main(String[] args) {
        Settings s = Settings.of(args[0], args[1], "postgres", 30, null, "/tmp");
        ServerStatus st = new PostgresqlProvisioner("child", s)
                .ensureServer(new ServerSpec(args[2], "node1", "127.0.0.1", Integer.parseInt(args[3])));
        System.out.println("READY " + st.running());
        System.out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}

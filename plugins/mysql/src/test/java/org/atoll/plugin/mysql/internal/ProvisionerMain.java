package org.atoll.plugin.mysql.internal;

import java.io.IOException;

import org.atoll.spi.database.ServerSpec;

/**
 * A stand-in kernel in a JVM of its own: ensures one server, prints {@code READY}, then blocks until it
 * is killed. Arguments: data directory, binary directory, server name, port.
 */
public final class ProvisionerMain {

    private ProvisionerMain() {
    }

    public static void main(String[] args) throws IOException {
        MysqlProvisioner p = new MysqlProvisioner("0.0.0.child", Settings.of(args[0], args[1], 30, ""));
        p.ensureServer(new ServerSpec(args[2], "node-1", "127.0.0.1", Integer.parseInt(args[3])));
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // blocks: the test kills this JVM
        }
    }
}

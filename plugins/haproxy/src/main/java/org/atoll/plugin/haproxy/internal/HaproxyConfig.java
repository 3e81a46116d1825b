package org.atoll.plugin.haproxy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code haproxy} router (PID {@value HaproxyRouter#PID}). */
@ObjectClassDefinition(
        id = HaproxyRouter.PID,
        name = "Atoll HAProxy router",
        description = "Runs one HAProxy master-worker process per proxy from the host's binary and applies"
                + " whole routing tables to it.")
public @interface HaproxyConfig {

    @AttributeDefinition(
            name = "Data directory",
            description = "An absolute path of characters [A-Za-z0-9._/-]; each proxy lives in a subdirectory"
                    + " named after it. Empty = ${karaf.data}/atoll/haproxy (java.io.tmpdir/atoll/haproxy"
                    + " without karaf.data).",
            required = false)
    String data_directory() default "";

    @AttributeDefinition(
            name = "Binary",
            description = "The haproxy executable (2.6 or later, built with Lua and OpenSSL).")
    String binary() default Settings.DEFAULT_BINARY;

    @AttributeDefinition(
            name = "Timeout (s)",
            description = "How long one operation may block: checking a configuration, starting, reloading or"
                    + " stopping a proxy (SIGUSR1, then SIGKILL after this long).",
            min = "1")
    int timeout_seconds() default Settings.DEFAULT_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Run as",
            description = "When Atoll runs as root, the local account (in /etc/passwd) whose user and group the"
                    + " proxies' workers drop to once the master has bound their ports and read their files. Empty"
                    + " = the workers keep Atoll's user.",
            required = false)
    String run_user() default Settings.DEFAULT_USER;
}

package org.atoll.plugin.nginx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code nginx} router (PID {@value NginxRouter#PID}). */
@ObjectClassDefinition(
        id = NginxRouter.PID,
        name = "Atoll Nginx router",
        description = "Runs one nginx per proxy, configured from whole routing tables and reloaded gracefully.")
public @interface NginxConfig {

    @AttributeDefinition(
            name = "Data directory",
            description = "An absolute path; each proxy lives in a subdirectory named after it. Empty ="
                    + " ${karaf.data}/atoll/nginx (java.io.tmpdir/atoll/nginx without karaf.data).",
            required = false)
    String data_directory() default "";

    @AttributeDefinition(
            name = "Binary",
            description = "The nginx executable (Debian: apt-get install nginx-light).")
    String binary() default Settings.DEFAULT_BINARY;

    @AttributeDefinition(
            name = "Timeout (s)",
            description = "How long one operation may block: checking a configuration, starting, reloading or"
                    + " stopping an nginx (graceful, then SIGKILL after this long).",
            min = "1")
    int timeout_seconds() default Settings.DEFAULT_TIMEOUT_SECONDS;
}

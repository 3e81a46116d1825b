package org.atoll.plugin.mysql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code mysql} database provisioner (PID {@value MysqlProvisioner#PID}). */
@ObjectClassDefinition(
        id = MysqlProvisioner.PID,
        name = "Atoll MySQL (MariaDB) databases",
        description = "Runs MariaDB servers as supervised processes of the host's binaries and provisions"
                + " databases and users on them.")
public @interface MysqlConfig {

    @AttributeDefinition(
            name = "Data directory",
            description = "An absolute path; each server lives in a subdirectory named after it. Empty ="
                    + " ${karaf.data}/atoll/mysql (java.io.tmpdir/atoll/mysql without karaf.data).",
            required = false)
    String data_directory() default "";

    @AttributeDefinition(
            name = "Binary directory",
            description = "Where mariadbd is. mariadb-install-db is looked for there, in ../bin and in ../scripts.")
    String binary_directory() default Settings.DEFAULT_BINARY_DIRECTORY;

    @AttributeDefinition(
            name = "Timeout (s)",
            description = "How long one operation may block: initialising, starting or stopping a server, one"
                    + " SQL session.",
            min = "1")
    int timeout_seconds() default Settings.DEFAULT_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Image",
            description = "Not supported yet: servers run as processes of the host's binaries. Must be empty.",
            required = false)
    String image() default "";
}

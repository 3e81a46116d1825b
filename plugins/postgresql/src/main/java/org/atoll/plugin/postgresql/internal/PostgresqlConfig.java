package org.atoll.plugin.postgresql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code postgresql} database provisioner (PID {@value PostgresqlProvisioner#PID}). */
@ObjectClassDefinition(
        id = PostgresqlProvisioner.PID,
        name = "Atoll PostgreSQL provisioner",
        description = "Runs PostgreSQL servers as supervised processes and provisions users and databases on them.")
public @interface PostgresqlConfig {

    @AttributeDefinition(
            name = "Data directory",
            description = "One subdirectory per server; empty = ${karaf.data}/atoll/postgresql.",
            required = false)
    String data_directory() default "";

    @AttributeDefinition(
            name = "Binary directory",
            description = "Where initdb and postgres are (Debian: /usr/lib/postgresql/15/bin).")
    String binary_directory() default Settings.DEFAULT_BINARIES;

    @AttributeDefinition(
            name = "OS user",
            description = "The operating system user the servers run as; owns their directories.")
    String os_user() default Settings.DEFAULT_OS_USER;

    @AttributeDefinition(
            name = "Timeout (s)",
            description = "How long one operation may block: start, stop, reload, SQL.",
            min = "1", max = "3600")
    int timeout_seconds() default Settings.DEFAULT_TIMEOUT_SECONDS;
}

package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and databases on a running server, and the pg_hba.conf lines that let each user reach its database
 * from its range. The record ({@link ServerDir#databases()}) changes first and is put back if pg_hba.conf
 * cannot be installed, so the file always follows the record.
 */
final class Databases {

    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

    private final OsFiles files;
    private final Admin admin;
    private final HbaFile hba;

    Databases(OsFiles files, Admin admin, HbaFile hba) {
        this.files = files;
        this.admin = admin;
        this.hba = hba;
    }

    void ensure(ServerDir dir, int port, Grant grant, char[] password, Deadline deadline)
            throws IOException, SQLException {
        try (Connection c = admin.open(dir, port)) {
            admin.ensureRole(c, grant.user(), password);
            admin.ensureDatabase(c, grant.database(), grant.user());
            List<Grant> before = Grant.read(dir.databases());
            install(dir, c, port, before, Grant.with(before, grant.database(), grant), deadline);
            int cut = admin.terminateOutside(c, grant.database(), grant.user(), grant.cidr());
            if (cut > 0) {
                LOG.info("PostgreSQL server {}: ended {} session(s) of {} on {} from outside {}", dir.name(), cut,
                        grant.user(), grant.database(), grant.cidr());
            }
        }
        LOG.debug("PostgreSQL server {}: database {} of user {} from {} ensured", dir.name(), grant.database(),
                grant.user(), grant.cidr());
    }

    void rotate(ServerDir dir, int port, String user, char[] password) throws SQLException {
        try (Connection c = admin.open(dir, port)) {
            admin.setPassword(c, dir.name(), user, password);
        }
        LOG.info("PostgreSQL server {}: password of user {} rotated", dir.name(), user);
    }

    /** Access first (the hba line goes), then the database (its sessions are ended), then the role. */
    void drop(ServerDir dir, int port, String database, String user, Deadline deadline)
            throws IOException, SQLException {
        try (Connection c = admin.open(dir, port)) {
            List<Grant> before = Grant.read(dir.databases());
            List<Grant> after = Grant.with(before, database, null);
            install(dir, c, port, before, after, deadline);
            admin.dropDatabase(c, database);
            if (after.stream().anyMatch(g -> g.user().equals(user))) {
                LOG.info("PostgreSQL server {}: user {} kept, it owns other databases", dir.name(), user);
            } else {
                admin.dropRole(c, user);
            }
        }
        LOG.info("PostgreSQL server {}: database {} and user {} dropped", dir.name(), database, user);
    }

    private void install(ServerDir dir, Connection c, int port, List<Grant> before, List<Grant> after,
            Deadline deadline) throws IOException, SQLException {
        if (!after.equals(before)) {
            Grant.write(files, dir.databases(), after);
        }
        try {
            hba.apply(dir, c, port, after, deadline);
        } catch (IOException | SQLException | RuntimeException e) {
            if (!after.equals(before)) {
                Grant.write(files, dir.databases(), before);
            }
            throw e;
        }
    }
}

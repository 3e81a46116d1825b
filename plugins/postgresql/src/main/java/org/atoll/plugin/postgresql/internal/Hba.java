package org.atoll.plugin.postgresql.internal;

import java.util.List;

/**
 * Renders pg_hba.conf, which this plugin owns entirely: the superuser by peer on the Unix socket and by
 * SCRAM from 127.0.0.1 (the plugin's own administration), then exactly one {@code host} line per recorded
 * database, for its user from its range. Nothing else may connect. Names are double-quoted so that none is
 * read as a keyword ({@code all}, {@code sameuser}, {@code replication}).
 */
final class Hba {

    private Hba() {
    }

    static String render(String server, String superuser, List<Grant> grants) {
        StringBuilder b = new StringBuilder()
                .append("# pg_hba.conf of the Atoll PostgreSQL server ").append(server).append(".\n")
                .append("# Written by Atoll from its record of databases (../databases); changes made here are lost.\n")
                .append("# TYPE  DATABASE  USER  ADDRESS  METHOD\n")
                .append("local  all  ").append(Names.sql(superuser)).append("  peer\n")
                .append("host  all  ").append(Names.sql(superuser)).append("  127.0.0.1/32  scram-sha-256\n");
        for (Grant g : grants) {
            b.append("host  ").append(Names.sql(g.database())).append("  ").append(Names.sql(g.user()))
                    .append("  ").append(g.cidr()).append("  scram-sha-256\n");
        }
        return b.toString();
    }
}

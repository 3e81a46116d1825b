package org.atoll.plugin.mysql.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.atoll.spi.ProviderException;

/**
 * SQL failures as {@link ProviderException}s. The driver's exception is not kept as the cause, and any
 * secret the failing call carried is blanked out of the server's message: a message may quote the
 * statement ("... near '...'"), and an operator will see it.
 */
final class Failures {

    static final int ACCESS_DENIED = 1045;
    static final int HOST_NOT_ALLOWED = 1130;
    /** Lock wait timeout, deadlock, too many connections, server shutting down, query interrupted. */
    private static final Set<Integer> TRANSIENT = Set.of(1205, 1213, 1040, 1053, 1317, 3024);

    private Failures() {
    }

    static ProviderException sql(String what, SQLException e, String... secrets) {
        return new ProviderException(what + ": " + describe(e, secrets), retryable(e));
    }

    static boolean retryable(SQLException e) {
        if (e.getErrorCode() == ACCESS_DENIED || e.getErrorCode() == HOST_NOT_ALLOWED) {
            return false;
        }
        String state = e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException
                || (state != null && state.startsWith("08"))
                || TRANSIENT.contains(e.getErrorCode());
    }

    static String describe(SQLException e, String... secrets) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (String s : secrets) {
            m = redact(m, s);
        }
        String code = e.getErrorCode() != 0 ? " [" + e.getErrorCode() + (e.getSQLState() == null ? ""
                : "/" + e.getSQLState()) + "]" : "";
        return m + code;
    }

    /** {@code text} without {@code secret}, raw or as MariaDB would escape it in a string literal. */
    static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        String escaped = secret.replace("\\", "\\\\").replace("'", "\\'");
        String doubled = secret.replace("'", "''");
        return text.replace(escaped, "******").replace(doubled, "******").replace(secret, "******");
    }
}

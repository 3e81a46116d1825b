package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import java.util.Set;

import org.atoll.spi.ProviderException;

/**
 * Turns driver and I/O failures into {@link ProviderException}s with an honest {@code retryable}. No
 * statement this plugin sends contains a password (they carry SCRAM verifiers), so the driver's messages,
 * which quote the server's, cannot contain one either.
 */
final class Failures {

    /** Connection trouble, server starting or shutting down, out of resources, conflicts that clear. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "55006", "55P03", "57014");

    private Failures() {
    }

    static ProviderException sql(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return new ProviderException(what + ": the server refused the superuser login (superuser.password no "
                    + "longer matches, or pg_hba.conf was changed by hand)", false, e);
        }
        boolean retryable = state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || RETRYABLE_STATES.contains(state);
        return new ProviderException(what + ": " + oneLine(e.getMessage()), retryable, e);
    }

    static ProviderException io(String what, IOException e) {
        return new ProviderException(what + ": " + e, !(e instanceof AccessDeniedException), e);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " / ");
    }
}

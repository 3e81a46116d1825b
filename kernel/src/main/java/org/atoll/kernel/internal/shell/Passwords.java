package org.atoll.kernel.internal.shell;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.database.Secret;

/** A password from -p, or asked for with -P (masked, kept out of the history); null = generate one. */
final class Passwords {

    private Passwords() {
    }

    static Secret given(Session session, String password, boolean ask) {
        if (ask && password != null) {
            throw new ValidationException("password", "give -p or -P, not both");
        }
        if (!ask) {
            return password == null ? null : Secret.of(password);
        }
        try {
            String typed = session.readLine("Password: ", '*');
            if (typed == null || typed.isEmpty()) {
                throw new ValidationException("password", "none was typed");
            }
            return Secret.of(typed);
        } catch (IOException e) {
            throw new ValidationException("password", "cannot be read: " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new ValidationException("password", "-P needs an interactive shell (bin/client without -b, or the"
                    + " Karaf console); here give -p, or let Atoll generate one");
        }
    }
}

package org.atoll.itest.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs Karaf shell commands as the distribution's admin user would: with the roles of
 * {@code admingroup} (Karaf hides commands guarded by an ACL from a session without them), a
 * fresh session per command, and a deadline.
 */
final class Shell {

    static final long TIMEOUT_SECONDS = 60;

    private static final Subject ADMIN = new Subject();

    static {
        ADMIN.getPrincipals().add(new UserPrincipal("admin"));
        for (String role : List.of("admin", "manager", "viewer", "systembundles", "ssh")) {
            ADMIN.getPrincipals().add(new RolePrincipal(role));
        }
    }

    private Shell() {
    }

    /** Runs one command and captures what it printed and, if it failed, why. */
    static Result run(SessionFactory sessions, String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Future<Object> future = executor.submit(
                    () -> Subject.doAs(ADMIN, (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Throwable failure = null;
            try {
                future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof PrivilegedActionException p ? p.getCause() : e.getCause();
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new AssertionError("'" + command + "' did not end within " + TIMEOUT_SECONDS
                        + " s; output so far:\n" + bytes.toString(StandardCharsets.UTF_8));
            }
            out.flush();
            return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running '" + command + "'", e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** What a command printed, and the exception it ended with (null if it succeeded). */
    static final class Result {
        final String output;
        final Throwable failure;

        Result(String output, Throwable failure) {
            this.output = output;
            this.failure = failure;
        }

        /** The output and the failure's message chain, for matching error texts. */
        String allText() {
            StringBuilder text = new StringBuilder(output);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                text.append('\n').append(t);
            }
            return text.toString();
        }
    }
}

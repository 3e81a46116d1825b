package org.atoll.plugin.postgresql.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.Secret;

/**
 * Defensive checks of everything that reaches a path, a command line, pg_hba.conf or SQL. The kernel has
 * validated names already; these checks run again, before anything else, and refuse rather than repair.
 * No message ever quotes a password.
 */
final class Names {

    /** A DNS label, lower case: server names become directory names. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A safe SQL identifier: never needs quoting, but is quoted anyway. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Set<String> RESERVED_DATABASES = Set.of("postgres", "template0", "template1");
    private static final Set<String> RESERVED_ROLES = Set.of("public", "none", "current_user", "current_role",
            "session_user", "current_schema", "all");
    static final int MAX_PASSWORD = 1024;

    private Names() {
    }

    static String server(String name) {
        if (name == null || !LABEL.matcher(name).matches()) {
            throw refused("server name " + quoted(name) + " is not a DNS label (a-z, 0-9, '-', at most 63)");
        }
        return name;
    }

    /** An IP literal, never a host name (nothing here resolves names); returned in canonical form. */
    static String address(String address) {
        if (address != null && IPV4.matcher(address).matches()) {
            return address;
        }
        if (address != null && address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
            try {
                return java.net.InetAddress.getByName(address).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                // fall through to the refusal
            }
        }
        throw refused("address " + quoted(address) + " is not an IP address literal");
    }

    static int port(int port) {
        if (port < 1024 || port > 65535) {
            throw refused("port " + port + " is outside 1024-65535 (the server runs unprivileged)");
        }
        return port;
    }

    static String user(String user, String superuser) {
        identifier("user", user);
        if (user.equals(superuser) || user.startsWith("pg_") || RESERVED_ROLES.contains(user)) {
            throw refused("user " + quoted(user) + " is reserved");
        }
        return user;
    }

    static String database(String database) {
        identifier("database", database);
        if (RESERVED_DATABASES.contains(database)) {
            throw refused("database " + quoted(database) + " is reserved");
        }
        return database;
    }

    /** Double-quoted for SQL after a fresh check: nothing but a safe identifier is ever quoted. */
    static String sql(String identifier) {
        identifier("identifier", identifier);
        return '"' + identifier + '"';
    }

    /** The password's characters; the caller wipes them. Messages say what is wrong, never what it is. */
    static char[] password(Secret secret) {
        if (secret == null) {
            throw refused("no password given");
        }
        char[] p = secret.reveal();
        String problem = null;
        if (p.length == 0) {
            problem = "the password is empty";
        } else if (p.length > MAX_PASSWORD) {
            problem = "the password is longer than " + MAX_PASSWORD + " characters";
        } else {
            for (char c : p) {
                if (c == 0) {
                    problem = "the password contains a NUL character";
                    break;
                }
            }
        }
        if (problem != null) {
            Arrays.fill(p, '\0');
            throw refused(problem + " (its value is not shown)");
        }
        return p;
    }

    private static void identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw refused(what + " " + quoted(value) + " is not a safe SQL identifier ([a-z_][a-z0-9_]*, at most 63)");
        }
    }

    static ProviderException refused(String message) {
        return new ProviderException(message, false);
    }

    static String quoted(String value) {
        return value == null ? "(none)" : "'" + shown(value) + "'";
    }

    /** Printable for a message: control characters escaped, long values cut. */
    static String shown(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? b + "..." : b.toString();
    }
}

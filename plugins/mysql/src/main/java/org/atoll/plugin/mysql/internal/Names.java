package org.atoll.plugin.mysql.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/**
 * Checks of everything a caller names, before any file, process or SQL is touched. Failures are
 * permanent {@link ProviderException}s that show the offending value with anything unprintable escaped.
 */
final class Names {

    static final String IDENTIFIER_RULE = "[a-z_][a-z0-9_]{0,62}";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IDENTIFIER = Pattern.compile(IDENTIFIER_RULE);
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    /** Accounts this provider or the server itself owns. */
    private static final Set<String> RESERVED_USERS = Set.of(Admin.USER, "root", "mysql", "public");
    private static final Set<String> RESERVED_DATABASES = Set.of("mysql", "information_schema",
            "performance_schema", "sys");
    private static final int SHOWN = 64;

    private Names() {
    }

    /** A server name: a lower-case DNS label, which is also its directory's name. */
    static String server(String name) {
        if (name == null || !LABEL.matcher(name).matches()) {
            throw invalid("server name " + quoted(name) + " is not a DNS label (lower-case letters, digits and"
                    + " '-', 1-63 characters, no '-' at either end)");
        }
        return name;
    }

    static String user(String user) {
        identifier("user", user);
        if (RESERVED_USERS.contains(user)) {
            throw invalid("user '" + user + "' is reserved");
        }
        return user;
    }

    static String database(String database) {
        identifier("database", database);
        if (RESERVED_DATABASES.contains(database)) {
            throw invalid("database '" + database + "' is reserved");
        }
        return database;
    }

    /** A checked identifier in backticks, for the places where MariaDB's grammar wants a name, not a string. */
    static String quote(String identifier) {
        identifier("identifier", identifier);
        return "`" + identifier + "`";
    }

    /** An IP literal (never a host name: nothing is resolved). */
    static InetAddress address(String address) {
        if (address != null && (IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            try {
                if (IPV4.matcher(address).matches()) {
                    for (String part : address.split("\\.")) {
                        if (Integer.parseInt(part) > 255) {
                            throw new UnknownHostException(part);
                        }
                    }
                }
                return InetAddress.getByName(address);
            } catch (UnknownHostException | NumberFormatException e) {
                // falls through to the refusal below
            }
        }
        throw invalid("address " + quoted(address) + " is not an IP address literal");
    }

    static int port(int port) {
        if (port < 1 || port > 65535) {
            throw invalid("port " + port + " is not between 1 and 65535");
        }
        return port;
    }

    static void identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw invalid(what + " " + quoted(value) + " is not a safe SQL identifier (" + IDENTIFIER_RULE + ")");
        }
    }

    /** {@code s} for a message: quoted, at most 64 characters, anything outside printable ASCII escaped. */
    static String quoted(String s) {
        return s == null ? "(none)" : "'" + printable(s) + "'";
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > SHOWN) {
            b.append("...(").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(message, false);
    }
}

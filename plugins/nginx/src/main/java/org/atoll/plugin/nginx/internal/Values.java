package org.atoll.plugin.nginx.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/**
 * Allow-lists for every single value a table carries, checked again here before anything is written:
 * whatever passes can only be a label, a host name, an IP literal, a port or a plain absolute path, so
 * nothing can break out of its place in an nginx configuration. Refusals are permanent
 * {@link ProviderException}s that start with the field and show the value escaped and shortened.
 */
final class Values {

    static final int MAX_PATH = 4096;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-fA-F:.]+)\\]:([0-9]+)");
    private static final int SHOWN = 64;

    private Values() {
    }

    /** A lower-case DNS label: proxy, frontend and server names. */
    static String label(String field, String value) {
        if (value == null || value.length() > 63 || !LABEL.matcher(value).matches()) {
            throw invalid(field, value, "is not a DNS label (lower-case letters, digits and '-', 1-63 characters,"
                    + " no '-' at either end)");
        }
        return value;
    }

    /** A DNS name (case-insensitive labels, at most 253 characters); {@code *.} in front when {@code wildcard}. */
    static String hostname(String field, String value, boolean wildcard) {
        if (value == null) {
            throw invalid(field, null, "is missing");
        }
        String name = wildcard && value.startsWith("*.") ? value.substring(2) : value;
        if (!isDnsName(name) || value.length() > 253) {
            throw invalid(field, value, "is not a DNS name" + (wildcard ? " (optionally with a leading '*.')" : ""));
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** An IPv4 or IPv6 literal, or a DNS name. */
    static Address address(String field, String value) {
        if (value == null) {
            throw invalid(field, null, "is missing");
        }
        if (IPV4.matcher(value).matches()) {
            return new Address(value, Address.Kind.IPV4);
        }
        if (isIpv6(value)) {
            return new Address(value.toLowerCase(Locale.ROOT), Address.Kind.IPV6);
        }
        if (isDnsName(value)) {
            return new Address(value.toLowerCase(Locale.ROOT), Address.Kind.NAME);
        }
        throw invalid(field, value, "is not an IPv4 or IPv6 address literal (no brackets, no zone) or a DNS name");
    }

    static int port(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new ProviderException(field + ": " + port + " is not a port between 1 and 65535", false);
        }
        return port;
    }

    /** A DNS server as {@code ip}, {@code ip:port} or {@code [ipv6]:port}, rendered the way nginx wants it. */
    static String resolver(String field, String value) {
        if (value == null) {
            throw invalid(field, null, "is missing");
        }
        Matcher bracketed = BRACKETED.matcher(value);
        String ip;
        String port = null;
        if (bracketed.matches()) {
            ip = bracketed.group(1);
            port = bracketed.group(2);
            if (!isIpv6(ip)) {
                throw invalid(field, value, "is not ip, ip:port or [ipv6]:port with an IP address literal");
            }
        } else if (IPV4.matcher(value).matches() || isIpv6(value)) {
            ip = value;
        } else if (value.indexOf(':') > 0 && IPV4.matcher(value.substring(0, value.indexOf(':'))).matches()) {
            ip = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        } else {
            throw invalid(field, value, "is not ip, ip:port or [ipv6]:port with an IP address literal");
        }
        if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535)) {
            throw invalid(field, value, "has no port between 1 and 65535 after the ':'");
        }
        String host = isIpv6(ip) ? "[" + ip.toLowerCase(Locale.ROOT) + "]" : ip;
        return port == null ? host : host + ":" + port;
    }

    /** An absolute path of plain characters without {@code ..}; whether the file is usable is checked by {@link Pem}. */
    static String path(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, value, "is missing");
        }
        if (value.length() > MAX_PATH || !PATH.matcher(value).matches()) {
            throw invalid(field, value, "is not a path of at most " + MAX_PATH + " characters from [A-Za-z0-9._/-]");
        }
        if (!value.startsWith("/")) {
            throw invalid(field, value, "is not an absolute path");
        }
        for (String segment : value.split("/")) {
            if (segment.equals("..")) {
                throw invalid(field, value, "contains a '..' segment");
            }
        }
        return value;
    }

    static boolean isDnsName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String l : labels) {
            if (l.length() > 63 || !DNS_LABEL.matcher(l).matches()) {
                return false;
            }
        }
        // a name whose last label is numeric would be read as a (bad) IPv4 address
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** Strict IPv6 text form: hex groups, at most one '::', an optional dotted IPv4 tail, no zone, no brackets. */
    static boolean isIpv6(String s) {
        if (s == null || s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
            return false;
        }
        int split = s.indexOf("::");
        if (split >= 0 && s.indexOf("::", split + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] sides = split >= 0 ? new String[] {s.substring(0, split), s.substring(split + 2)} : new String[] {s};
        for (int side = 0; side < sides.length; side++) {
            if (sides[side].isEmpty()) {
                if (split < 0) {
                    return false;
                }
                continue;
            }
            String[] parts = sides[side].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = side == sides.length - 1 && i == parts.length - 1;
                if (last && parts[i].indexOf('.') >= 0) {
                    if (!IPV4.matcher(parts[i]).matches()) {
                        return false;
                    }
                    groups += 2;
                } else if (HEX_GROUP.matcher(parts[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return split >= 0 ? groups <= 7 : groups == 8;
    }

    /** {@code s} for a message: quoted, at most 64 characters, anything outside printable ASCII escaped. */
    static String quoted(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        b.append('\'');
        if (s.length() > SHOWN) {
            b.append("...(").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    static ProviderException invalid(String field, String value, String why) {
        return new ProviderException(field + ": " + quoted(value) + " " + why, false);
    }
}

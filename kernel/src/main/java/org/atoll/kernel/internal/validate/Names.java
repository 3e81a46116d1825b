package org.atoll.kernel.internal.validate;

import java.util.regex.Pattern;

/**
 * Allow-lists for every kind of value that may reach a store key, a generated config or a process.
 * Each check returns null when the value is acceptable, or the problem in words.
 */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._@+=,-]+(?:/[A-Za-z0-9._@+=,-]+)*/?|/");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    static final int MAX_TEXT = 4096;
    static final int MAX_ENV_VALUE = 32 * 1024;

    private Names() {
    }

    public static String name(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (!NAME.matcher(value).matches()) {
            return quote(value) + " is not a valid name (lower-case letters, digits and '-', 1-63 characters,"
                    + " starting with a letter and not ending with '-')";
        }
        return null;
    }

    public static String image(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.length() > 255 || !IMAGE.matcher(value).matches()) {
            return quote(value) + " is not a valid image reference (e.g. local/web:1 or registry:5000/team/app@sha256:…)";
        }
        return null;
    }

    public static String envKey(String value) {
        if (value == null || !ENV_KEY.matcher(value).matches()) {
            return quote(value) + " is not a valid environment variable name (letters, digits and '_', not starting"
                    + " with a digit, at most 128 characters)";
        }
        return null;
    }

    public static String envValue(String value) {
        if (value == null) {
            return "is required (use \"\" for an empty value)";
        }
        if (value.length() > MAX_ENV_VALUE) {
            return "is longer than " + MAX_ENV_VALUE + " characters";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        return null;
    }

    /** Free text for humans (descriptions): bounded, one line, no control characters. */
    public static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            return "is longer than " + max + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "contains a control character at position " + i;
            }
        }
        return null;
    }

    /** An argument of a command run in a container: anything but NUL, bounded. */
    public static String argument(String value) {
        if (value == null) {
            return "is required";
        }
        if (value.length() > MAX_TEXT) {
            return "is longer than " + MAX_TEXT + " characters";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        return null;
    }

    public static String port(Integer value) {
        if (value == null) {
            return "is required";
        }
        if (value < 1 || value > 65535) {
            return value + " is not a port (1-65535)";
        }
        return null;
    }

    public static String proto(String value) {
        return "tcp".equals(value) || "udp".equals(value) ? null : quote(value) + " is not a protocol (tcp or udp)";
    }

    /** An absolute path without '..' segments, from a conservative character set. */
    public static String absolutePath(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.length() > 1024 || !PATH.matcher(value).matches()) {
            return quote(value) + " is not an absolute path (letters, digits and ._@+=,- between '/')";
        }
        for (String segment : value.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return quote(value) + " must not contain '.' or '..' segments";
            }
        }
        return null;
    }

    public static boolean isIpv4(String value) {
        return value != null && IPV4.matcher(value).matches();
    }

    public static boolean isIpv6(String value) {
        if (value == null || value.length() < 2 || value.length() > 39 || !value.matches("[0-9A-Fa-f:]+")) {
            return false;
        }
        int doubleColons = value.split("::", -1).length - 1;
        if (doubleColons > 1) {
            return false;
        }
        String[] groups = value.split(":", -1);
        int nonEmpty = 0;
        for (String group : groups) {
            if (group.length() > 4) {
                return false;
            }
            if (!group.isEmpty()) {
                nonEmpty++;
            }
        }
        return doubleColons == 1 ? nonEmpty < 8 : groups.length == 8 && nonEmpty == 8;
    }

    public static String ip(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        return isIpv4(value) || isIpv6(value) ? null : quote(value) + " is not an IP address";
    }

    /** A DNS host name (letters, digits, '-', dot-separated labels) or an IP address literal. */
    public static String host(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (isIpv4(value) || isIpv6(value)) {
            return null;
        }
        if (value.length() > 253) {
            return "is longer than 253 characters";
        }
        for (String label : value.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return quote(value) + " is not a host name or IP address";
            }
        }
        if (value.matches("[0-9.]+")) {
            return quote(value) + " is not a valid IPv4 address";
        }
        return null;
    }

    public static String cidr(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            return quote(value) + " is not an address range (a.b.c.d/n)";
        }
        String address = value.substring(0, slash);
        String bits = value.substring(slash + 1);
        if (!bits.matches("[0-9]{1,3}")) {
            return quote(value) + " has no valid prefix length";
        }
        int prefix = Integer.parseInt(bits);
        if (isIpv4(address) && prefix <= 32 || isIpv6(address) && prefix <= 128) {
            return null;
        }
        return quote(value) + " is not an address range (a.b.c.d/n)";
    }

    public static String sqlIdentifier(String value) {
        if (value == null || !SQL_IDENTIFIER.matcher(value).matches()) {
            return quote(value) + " is not a safe SQL identifier (lower-case letters, digits and '_', starting with a"
                    + " letter or '_', at most 63 characters)";
        }
        return null;
    }

    /** Quotes a user value for an error message, escaping anything unprintable and cutting it short. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(value.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("…(").append(value.length()).append(" characters)");
        }
        return out.append('"').toString();
    }
}

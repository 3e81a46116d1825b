package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/**
 * Allow-lists for every value of a routing table. Whatever passes here is written into haproxy.cfg (or a
 * file it names) without quoting, so each check admits only characters that mean nothing to HAProxy's
 * parser. A refusal is a non-retryable {@link ProviderException} naming the field; the refused value is
 * shown only in a printable, truncated form.
 */
final class Checks {

    static final Set<String> MODES = Set.of("roundrobin", "leastconn", "source");

    /** An address to listen on or connect to. {@code text} is canonical: lower case, IPv6 compressed. */
    record Address(String text, boolean literal, boolean ipv6) {
        /** As HAProxy wants it before {@code :port}. */
        String rendered() {
            return ipv6 ? "[" + text + "]" : text;
        }
    }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,4095}");
    private static final List<String> CERT_HEADERS = List.of("-----BEGIN CERTIFICATE-----");
    private static final List<String> KEY_HEADERS = List.of("-----BEGIN PRIVATE KEY-----",
            "-----BEGIN EC PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----");
    private static final int MAX_PEM_BYTES = 1 << 20;
    private static final int MAX_PASSWORD = 1024;

    private Checks() {
    }

    static ProviderException bad(String field, String why) {
        return new ProviderException(field + ": " + why, false);
    }

    /** A DNS label: proxy, frontend and server names. */
    static String label(String field, String v) {
        if (v == null || v.length() > 63 || !LABEL.matcher(v).matches()) {
            throw bad(field, "'" + printable(v) + "' is not a DNS label ([a-z0-9] and inner '-', at most 63)");
        }
        return v;
    }

    /** A host name a frontend answers for, optionally {@code *.} and a name; lower-cased. */
    static String hostname(String field, String v) {
        String name = v != null && v.startsWith("*.") ? v.substring(2) : v;
        if (name == null || !dnsName(name) || v.length() > 253) {
            throw bad(field, "'" + printable(v) + "' is not a DNS name (labels of [A-Za-z0-9-], optionally after"
                    + " '*.', at most 253 characters)");
        }
        return v.toLowerCase(java.util.Locale.ROOT);
    }

    /** An IPv4 or IPv6 literal (no zone id) or a DNS name. */
    static Address address(String field, String v) {
        if (v != null && IPV4.matcher(v).matches()) {
            for (String octet : v.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw bad(field, "'" + printable(v) + "' is not an IPv4 address");
                }
            }
            return new Address(v, true, false);
        }
        if (v != null && v.indexOf(':') >= 0) {
            if (!IPV6_CHARS.matcher(v).matches()) {
                throw bad(field, "'" + printable(v) + "' is not an IPv6 address (no zone ids, no brackets)");
            }
            try {
                InetAddress a = InetAddress.getByName(v);
                return a instanceof Inet6Address six ? new Address(compressed(six), true, true)
                        : new Address(a.getHostAddress(), true, false);
            } catch (UnknownHostException e) {
                throw bad(field, "'" + printable(v) + "' is not an IPv6 address");
            }
        }
        if (v == null || v.length() > 253 || !dnsName(v)) {
            throw bad(field, "'" + printable(v) + "' is neither an IP address nor a DNS name");
        }
        return new Address(v.toLowerCase(java.util.Locale.ROOT), false, false);
    }

    static int port(String field, int p) {
        if (p < 1 || p > 65535) {
            throw bad(field, p + " is not a port (1..65535)");
        }
        return p;
    }

    /** The balancing mode; null is round robin. */
    static String mode(String field, String v) {
        if (v == null) {
            return "roundrobin";
        }
        if (!MODES.contains(v)) {
            throw bad(field, "'" + printable(v) + "' is not a mode of haproxy (roundrobin, leastconn, source)");
        }
        return v;
    }

    static int workers(String field, int w) {
        if (w < 0 || w > 64) {
            throw bad(field, w + " is not a thread count (0 = default, at most 64)");
        }
        return w;
    }

    /** {@code ip} or {@code ip:port} ({@code [v6]:port} with a port), rendered for a nameserver line. */
    static String resolver(String field, String v) {
        String host = v;
        int port = 53;
        if (v != null && v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 < v.length() && v.charAt(close + 1) != ':') {
                throw bad(field, "'" + printable(v) + "' is not ip or ip:port");
            }
            host = v.substring(1, close);
            port = close + 1 < v.length() ? parsePort(field, v, v.substring(close + 2)) : 53;
        } else if (v != null && v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = parsePort(field, v, v.substring(v.indexOf(':') + 1));
        }
        Address a = address(field, host);
        if (!a.literal()) {
            throw bad(field, "'" + printable(v) + "' is not an IP address");
        }
        return a.rendered() + ":" + port;
    }

    static String user(String field, String v) {
        if (v == null || !USER.matcher(v).matches()) {
            throw bad(field, "'" + printable(v) + "' is not a user name ([A-Za-z0-9._-], 1 to 64)");
        }
        return v;
    }

    /** Passwords may hold any printable character; the message never shows them. */
    static void password(String field, String v) {
        if (v == null || v.isEmpty() || v.length() > MAX_PASSWORD) {
            throw bad(field, "the password must have 1 to " + MAX_PASSWORD + " characters");
        }
        if (v.codePoints().anyMatch(Checks::control)) {
            throw bad(field, "the password contains a control or line-separator character");
        }
    }

    /** The content of a PEM certificate ({@code key} false) or private key file. */
    static byte[] pem(String field, String v, boolean key) {
        if (v == null || v.length() > 4096 || !PATH.matcher(v).matches()) {
            throw bad(field, "'" + printable(v) + "' is not an absolute path of [A-Za-z0-9._/-]");
        }
        for (String segment : v.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw bad(field, "'" + printable(v) + "' has a '" + segment + "' segment");
            }
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) {
            throw bad(field, v + " is not a regular file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(p)) {
            content = in.readNBytes(MAX_PEM_BYTES + 1);
        } catch (IOException e) {
            throw bad(field, v + " cannot be read: " + printable(e.getMessage()));
        }
        if (content.length > MAX_PEM_BYTES) {
            throw bad(field, v + " is larger than " + MAX_PEM_BYTES + " bytes");
        }
        String head = new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII);
        if ((key ? KEY_HEADERS : CERT_HEADERS).stream().noneMatch(head::startsWith)) {
            throw bad(field, v + " does not start with " + (key ? "a PEM private key header" : CERT_HEADERS.get(0)));
        }
        return content;
    }

    /** {@code v} for a message: control characters escaped, at most 80 characters. */
    static String printable(String v) {
        return printable(v, 80);
    }

    /** {@code v} for a message: control characters escaped, at most {@code max} characters. */
    static String printable(String v, int max) {
        if (v == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        v.codePoints().limit(max).forEach(c -> {
            if (control(c) || c == '\\') {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return v.codePointCount(0, v.length()) > max ? b + "…(" + v.length() + " chars)" : b.toString();
    }

    private static boolean control(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT;
    }

    private static boolean dnsName(String v) {
        if (v.isEmpty() || v.length() > 253 || v.endsWith(".") || v.startsWith(".")) {
            return false;
        }
        String[] labels = v.split("\\.", -1);
        for (String l : labels) {
            if (l.length() > 63 || !HOST_LABEL.matcher(l).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** RFC 5952 text: the longest run of two or more zero groups as "::", lower case. */
    static String compressed(Inet6Address a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    private static int parsePort(String field, String whole, String p) {
        try {
            if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return port(field, Integer.parseInt(p));
        } catch (NumberFormatException e) {
            throw bad(field, "'" + printable(whole) + "' is not ip or ip:port");
        }
    }
}

package org.atoll.kernel.internal.input;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.kernel.internal.validate.Names;

/**
 * The small value languages of the input files: durations ({@code 500ms}, {@code 1m30s}), CPU amounts
 * ({@code 0.5}, {@code 500m}), memory sizes ({@code 256Mi}, {@code 1Gi}, {@code 512M}), port mappings
 * ({@code 8080:80/udp}), links ({@code db:5432:DB}) and shell-like command lines. Each parser either
 * returns a value or throws {@link BadValue} with a message naming the value and what was expected.
 * Ranges are left to {@code ModelValidator}; these only refuse what cannot be represented.
 */
final class Values {

    /** A value that does not fit its grammar; the message is ready for an operator. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    static final Duration MAX_DURATION = Duration.ofHours(24);

    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(?:\\.[0-9]{1,9})?|\\.[0-9]{1,9}");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9}(?:\\.[0-9]{1,9})?)(ms|s|m|h)");
    private static final Pattern CPU_MILLIS = Pattern.compile("([0-9]{1,9})m");
    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,12}(?:\\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|k|M|G|T)");
    private static final Pattern PORT = Pattern.compile("(?:([0-9]{1,9}):)?([0-9]{1,9})(?:/([A-Za-z]{1,16}))?");
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

    private Values() {
    }

    /** A whole decimal number of at most nine digits, optionally signed. */
    static int number(String s) throws BadValue {
        if (s == null || !NUMBER.matcher(s).matches()) {
            throw new BadValue("expected a whole number, found " + Names.quote(s));
        }
        return Integer.parseInt(s);
    }

    /** {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1.5s}, {@code 1m30s}; at most 24h. */
    static Duration duration(String s) throws BadValue {
        String example = " (e.g. 500ms, 5s, 1m or 1m30s)";
        if (s == null || s.isEmpty() || s.length() > 64) {
            throw new BadValue(Names.quote(s) + " is not a duration" + example);
        }
        if (DECIMAL.matcher(s).matches()) {
            throw new BadValue(Names.quote(s) + " needs a unit: ms, s, m or h" + example);
        }
        Matcher m = DURATION_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            m.region(pos, s.length());
            if (!m.lookingAt()) {
                throw new BadValue(Names.quote(s) + " is not a duration" + example);
            }
            long unit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(MAX_DURATION.toNanos())) > 0) {
            throw new BadValue(Names.quote(s) + " is longer than 24h");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Cores ({@code 0.5}, {@code 2}) or thousandths of a core ({@code 500m}) → thousandths. */
    static long cpuMillis(String s) throws BadValue {
        if (s != null) {
            Matcher milli = CPU_MILLIS.matcher(s);
            if (milli.matches()) {
                return Long.parseLong(milli.group(1));
            }
            if (DECIMAL.matcher(s).matches()) {
                BigDecimal millis = new BigDecimal(s).multiply(BigDecimal.valueOf(1000));
                if (millis.stripTrailingZeros().scale() > 0) {
                    throw new BadValue(Names.quote(s) + " is finer than a thousandth of a core (1m)");
                }
                return millis.longValueExact();
            }
        }
        throw new BadValue(Names.quote(s) + " is not a CPU amount (cores like 0.5 or 2, or thousandths like 500m)");
    }

    /**
     * A memory size → mebibytes, rounded up. {@code Ki Mi Gi Ti} are powers of 2, {@code k M G T} powers
     * of 10 (as in Kubernetes); a bare number or Docker's lower-case {@code 512m} is refused as ambiguous.
     */
    static long memoryMb(String s) throws BadValue {
        String example = " (e.g. 256Mi, 1Gi or 512M; Mi and Gi are powers of 2, M and G of 10)";
        if (s != null && DECIMAL.matcher(s).matches()) {
            throw new BadValue(Names.quote(s) + " needs a unit" + example);
        }
        Matcher m = s == null ? null : MEMORY.matcher(s);
        if (m == null || !m.matches()) {
            throw new BadValue(Names.quote(s) + " is not a memory size" + example);
        }
        long factor = switch (m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1_000_000_000_000L;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        BigInteger mib = bytes.divide(MIB, 0, RoundingMode.CEILING).toBigInteger();
        if (mib.bitLength() > 62) {
            throw new BadValue(Names.quote(s) + " is too large");
        }
        return mib.longValue();
    }

    /** {@code 80}, {@code 8080:80} (host:container), {@code 80/udp}, {@code 8080:80/udp}. */
    static PortSpec port(String s) throws BadValue {
        Matcher m = s == null ? null : PORT.matcher(s);
        if (m == null || !m.matches()) {
            throw new BadValue(Names.quote(s) + " is not a port (80, \"8080:80\" or \"8080:80/udp\")");
        }
        Integer host = m.group(1) == null ? null : Integer.valueOf(m.group(1));
        return new PortSpec(Integer.parseInt(m.group(2)), host, m.group(3));
    }

    /** {@code service:port} or {@code service:port:ALIAS}; names are checked by the validator. */
    static LinkSpec link(String s) throws BadValue {
        String[] parts = s == null || s.length() > 512 ? new String[0] : s.split(":", -1);
        if ((parts.length == 2 || parts.length == 3) && parts[1].matches("[0-9]{1,9}")) {
            return new LinkSpec(parts[0], Integer.parseInt(parts[1]), parts.length == 3 ? parts[2] : null);
        }
        throw new BadValue(Names.quote(s) + " is not a link (\"service:port\" or \"service:port:ALIAS\")");
    }

    /**
     * Splits a command line on whitespace, as a POSIX shell splits words: {@code '…'} quotes literally;
     * {@code "…"} quotes with {@code \"}, {@code \\}, {@code \$} and {@code \`} escapes; outside quotes a
     * backslash takes the next character literally.
     * Nothing is expanded: no variables, globs or operators.
     */
    static List<String> command(String s) throws BadValue {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (i + 1 == s.length()) {
                        throw new BadValue("ends with a lone backslash");
                    }
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new BadValue("has an unterminated " + quote + " quote");
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}

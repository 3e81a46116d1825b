package org.atoll.kernel.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) for the remote client, on java.* alone. {@link #parse} gives {@link Map} (in the
 * document's order), {@link List}, {@link String}, {@link BigDecimal}, {@link Boolean} or null; it refuses
 * what RFC 8259 does not allow (comments, trailing commas, single quotes, leading zeros, NaN, unescaped
 * control characters, bad escapes, unpaired surrogates, a byte order mark, anything after the value), and
 * also duplicate keys and nesting deeper than {@link #MAX_DEPTH}. {@link #write} and {@link #pretty} are
 * its inverse.
 */
public final class JsonText {

    /** Arrays and objects nest at most this deep, in both directions. */
    public static final int MAX_DEPTH = 128;

    private final String text;
    private int pos;

    private JsonText(String text) {
        this.text = text;
    }

    /** The text is not strict JSON; the message says where and why. */
    public static final class SyntaxException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final int offset;

        SyntaxException(String text, int offset, String problem) {
            super("line " + line(text, offset) + ", column " + column(text, offset) + ": " + problem);
            this.offset = offset;
        }

        /** The character offset of the problem. */
        public int offset() {
            return offset;
        }

        private static int line(String text, int offset) {
            int line = 1;
            for (int i = 0; i < offset && i < text.length(); i++) {
                line += text.charAt(i) == '\n' ? 1 : 0;
            }
            return line;
        }

        private static int column(String text, int offset) {
            int start = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
            return offset - start + 1;
        }
    }

    public static Object parse(String text) {
        JsonText p = new JsonText(text);
        p.space();
        Object value = p.value(0);
        p.space();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.found() + " after the JSON value");
        }
        return value;
    }

    /** Compact JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1, 0);
        return out.toString();
    }

    /** JSON indented by two spaces, one member or element a line. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0, 0);
        return out.toString();
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + found() + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        nest(depth);
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (take('}')) {
            return members;
        }
        do {
            space();
            int at = pos;
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("expected a member name in double quotes, found " + found());
            }
            String key = string();
            space();
            if (!take(':')) {
                throw error("expected ':' after the member name, found " + found());
            }
            space();
            if (members.containsKey(key)) {
                throw new SyntaxException(text, at, "duplicate member name \"" + key + "\"");
            }
            members.put(key, value(depth));
            space();
        } while (take(','));
        if (!take('}')) {
            throw error("expected ',' or '}' in an object, found " + found());
        }
        return members;
    }

    private List<Object> array(int depth) {
        nest(depth);
        pos++;
        List<Object> elements = new ArrayList<>();
        space();
        if (take(']')) {
            return elements;
        }
        do {
            space();
            elements.add(value(depth));
            space();
        } while (take(','));
        if (!take(']')) {
            throw error("expected ',' or ']' in an array, found " + found());
        }
        return elements;
    }

    private void nest(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + hex(c) + " in a string must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append(unicode());
                    continue;
                }
                default -> throw error("invalid escape \\" + printable(e));
            }
            pos += 2;
        }
    }

    /** One \\uXXXX escape at pos, or a surrogate pair of two; leaves pos after it. */
    private String unicode() {
        int start = pos;
        char first = hex4();
        if (Character.isLowSurrogate(first)) {
            throw new SyntaxException(text, start, "unpaired surrogate \\u" + hex(first));
        }
        if (!Character.isHighSurrogate(first)) {
            return String.valueOf(first);
        }
        if (!text.startsWith("\\u", pos)) {
            throw new SyntaxException(text, start, "unpaired surrogate \\u" + hex(first));
        }
        char second = hex4();
        if (!Character.isLowSurrogate(second)) {
            throw new SyntaxException(text, start, "unpaired surrogate \\u" + hex(first));
        }
        return new String(new char[] {first, second});
    }

    private char hex4() {
        int value = 0;
        for (int i = pos + 2; i < pos + 6; i++) {
            char c = i < text.length() ? text.charAt(i) : 'x';
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                throw error("\\u must be followed by four hexadecimal digits");
            }
            value = value * 16 + digit;
        }
        pos += 6;
        return (char) value;
    }

    private BigDecimal number() {
        int start = pos;
        take('-');
        if (take('0')) {
            if (digit()) {
                throw error("a number cannot have a leading zero");
            }
        } else if (!digits()) {
            throw error("expected a digit, found " + found());
        }
        if (take('.') && !digits()) {
            throw error("expected a digit after '.', found " + found());
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            if (!digits()) {
                throw error("expected a digit in the exponent, found " + found());
            }
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SyntaxException(text, start, "number out of range");
        }
    }

    private boolean digits() {
        boolean any = false;
        while (digit()) {
            pos++;
            any = true;
        }
        return any;
    }

    private boolean digit() {
        return pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + found() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private boolean take(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        return pos >= text.length() ? "end of input" : "'" + printable(text.charAt(pos)) + "'";
    }

    private SyntaxException error(String problem) {
        return new SyntaxException(text, pos, problem);
    }

    private static String printable(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) ? "U+" + hex(c) : String.valueOf(c);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static void write(StringBuilder out, Object value, int indent, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
        if (value == null || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Number n) {
            out.append(number(n));
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON member names must be strings, not " + e.getKey());
                }
                separate(out, i++, indent, depth + 1);
                quote(out, key);
                out.append(indent < 0 ? ":" : ": ");
                write(out, e.getValue(), indent, depth + 1);
            }
            close(out, i, indent, depth, '}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            int i = 0;
            for (Object element : list) {
                separate(out, i++, indent, depth + 1);
                write(out, element, indent, depth + 1);
            }
            close(out, i, indent, depth, ']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static String number(Number n) {
        if (n instanceof BigDecimal || n instanceof BigInteger || n instanceof Integer || n instanceof Long
                || n instanceof Short || n instanceof Byte) {
            return n.toString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        return BigDecimal.valueOf(d).toString();
    }

    private static void separate(StringBuilder out, int index, int indent, int depth) {
        if (index > 0) {
            out.append(',');
        }
        if (indent >= 0) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private static void close(StringBuilder out, int count, int indent, int depth, char bracket) {
        if (indent >= 0 && count > 0) {
            out.append('\n').append("  ".repeat(depth));
        }
        out.append(bracket);
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Also C1 controls and the line separators, so printed JSON cannot steer a terminal.
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(hex(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

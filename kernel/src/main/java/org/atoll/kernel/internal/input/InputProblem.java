package org.atoll.kernel.internal.input;

/**
 * One problem of an input file, located: {@code Servicefile:14:9: services.web.ports[1].host: 70000 is not
 * a port (1-65535)}. The field path uses the file's own vocabulary; it is empty for problems of the file as
 * a whole (YAML syntax, size). Every part is kept on one line: control characters are escaped.
 */
public record InputProblem(SourceLocation location, String field, String message) {

    public InputProblem {
        field = oneLine(field == null ? "" : field);
        message = oneLine(message == null ? "" : message);
    }

    @Override
    public String toString() {
        return field.isEmpty() ? location + ": " + message : location + ": " + field + ": " + message;
    }

    /** Escapes line breaks and other control characters so that a user's value cannot start a new line. */
    static String oneLine(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || c == '\u2028' || c == '\u2029';
            if (bad && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (bad) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}

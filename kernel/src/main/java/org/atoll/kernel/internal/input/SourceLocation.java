package org.atoll.kernel.internal.input;

/**
 * A position in an input file, 1-based, as editors show it.
 *
 * @param file   the file's name as given to the parser ({@code Servicefile})
 * @param line   1-based line
 * @param column 1-based column
 */
public record SourceLocation(String file, int line, int column) {

    public SourceLocation {
        file = InputProblem.oneLine(file == null ? "<input>" : file);
        line = Math.max(1, line);
        column = Math.max(1, column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

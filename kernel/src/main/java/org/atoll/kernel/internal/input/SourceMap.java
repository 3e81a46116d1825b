package org.atoll.kernel.internal.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.kernel.internal.validate.Problem;

/**
 * Where each field of the parsed model came from. Keys are model paths, as {@code ModelValidator} names
 * fields ({@code services.web.ports[1].host}); each maps to the place in the file and to the path in the
 * file's own words ({@code applications.trac.routes[0]} for a Flocker route), which is what problems show.
 */
public final class SourceMap {

    private record Entry(String display, SourceLocation location) {
    }

    private final List<String> files = new ArrayList<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Registers a file; problems are ordered by the order files were registered, then by position. */
    void file(String name) {
        if (!files.contains(name)) {
            files.add(name);
        }
    }

    /** Records a field; the first record of a path wins. */
    void put(String modelPath, String displayPath, SourceLocation location) {
        entries.putIfAbsent(modelPath, new Entry(displayPath, location));
    }

    /** Model path → location, in the order recorded. */
    public Map<String, SourceLocation> locations() {
        Map<String, SourceLocation> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.location()));
        return Collections.unmodifiableMap(out);
    }

    /** The location of a model path, or of its nearest recorded parent. */
    public SourceLocation location(String modelPath) {
        return locate(new Problem(modelPath, "")).location();
    }

    /**
     * Places a problem found on the model: at its field's location, or, when that field has none (a
     * required field that is missing), at the nearest parent's, keeping the rest of the path.
     */
    public InputProblem locate(Problem problem) {
        String field = problem.field() == null ? "" : problem.field();
        String rest = "";
        while (true) {
            Entry e = entries.get(field);
            if (e != null) {
                String display = e.display().isEmpty() && rest.startsWith(".") ? rest.substring(1) : e.display() + rest;
                return new InputProblem(e.location(), display, problem.message());
            }
            if (field.isEmpty()) {
                String file = files.isEmpty() ? null : files.get(0);
                return new InputProblem(new SourceLocation(file, 1, 1), problem.field(), problem.message());
            }
            int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
            cut = Math.max(cut, 0);
            rest = field.substring(cut) + rest;
            field = field.substring(0, cut);
        }
    }

    /** Locates every problem and orders them by file, then line, then column. */
    public List<InputProblem> locate(List<Problem> problems) {
        List<InputProblem> out = new ArrayList<>();
        for (Problem p : problems) {
            out.add(locate(p));
        }
        return sort(out);
    }

    /** A stable sort by file (in registration order), line and column. */
    public List<InputProblem> sort(List<InputProblem> problems) {
        List<InputProblem> out = new ArrayList<>(problems);
        out.sort(Comparator.<InputProblem>comparingInt(p -> fileIndex(p.location().file()))
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return out;
    }

    private int fileIndex(String file) {
        int i = files.indexOf(file);
        return i < 0 ? files.size() : i;
    }
}

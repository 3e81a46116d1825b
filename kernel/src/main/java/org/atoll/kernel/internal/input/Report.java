package org.atoll.kernel.internal.input;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.atoll.kernel.internal.validate.Problem;
import org.atoll.kernel.internal.validate.Problems;

/** Collects the located problems of one parse and where every field came from. */
final class Report {

    /** At most this many problems are kept; the rest are only counted, so that memory stays bounded. */
    static final int MAX_PROBLEMS = 1000;

    final SourceMap sources = new SourceMap();
    private final Set<InputProblem> problems = new LinkedHashSet<>();
    private final Set<String> broken = new HashSet<>();
    private int omitted;

    void add(SourceLocation at, String field, String message) {
        keep(new InputProblem(at, field, message));
    }

    private void keep(InputProblem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        } else if (!problems.contains(p)) {
            omitted++;
        }
    }

    /**
     * Marks a field (display path) whose value could not be read at all: the model holds a placeholder
     * there, so what the validator says about it or below it would only repeat the problem.
     */
    void broken(String field) {
        broken.add(field);
    }

    /** Adds the validator's problems, located, except those on fields that could not be read. */
    void validated(Problems found) {
        for (Problem p : found.list()) {
            InputProblem located = sources.locate(p);
            if (!isBroken(located.field())) {
                keep(located);
            }
        }
    }

    private boolean isBroken(String field) {
        String f = field;
        while (!f.isEmpty()) {
            if (broken.contains(f)) {
                return true;
            }
            f = f.substring(0, Math.max(0, Math.max(f.lastIndexOf('.'), f.lastIndexOf('['))));
        }
        return false;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<InputProblem> sorted() {
        return sources.sort(List.copyOf(problems));
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InputException(sorted(), omitted);
        }
    }
}

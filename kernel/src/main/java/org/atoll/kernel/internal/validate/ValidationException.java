package org.atoll.kernel.internal.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Input was refused; nothing was changed. The message lists every problem, one per line. */
public class ValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ValidationException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}

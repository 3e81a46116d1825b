package org.atoll.kernel.internal.input;

import java.util.ArrayList;
import java.util.List;

import org.atoll.kernel.internal.validate.Problem;
import org.atoll.kernel.internal.validate.ValidationException;

/**
 * An input file was refused; nothing was applied. The message holds one line per problem,
 * {@code FILE:LINE:COL: field.path: message}, in the order of their position in the files.
 * {@link #problems()} gives the same problems as plain field/message pairs, {@link #located()} with
 * their locations.
 */
public class InputException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** At most this many lines go into the message; {@link #located()} always has every problem. */
    public static final int MAX_LINES = 100;

    private final transient List<InputProblem> located;
    private final transient List<Problem> problems;
    private final int omitted;
    private final String text;

    /** @param located problems, already in the order to report them */
    public InputException(List<InputProblem> located) {
        this(located, 0);
    }

    /**
     * @param located problems, already in the order to report them
     * @param omitted how many more problems were found but not kept (a parse keeps at most a bounded number)
     */
    public InputException(List<InputProblem> located, int omitted) {
        super(plain(located.subList(0, Math.min(located.size(), MAX_LINES))));
        this.located = List.copyOf(located);
        this.problems = plain(this.located);
        this.omitted = omitted;
        this.text = render(this.located, omitted);
    }

    /** Every problem kept, located, in the order of the files. */
    public List<InputProblem> located() {
        return located;
    }

    /** The same problems as {@link #located()}, as field path and message. */
    @Override
    public List<Problem> problems() {
        return problems;
    }

    /** How many problems were found beyond those kept in {@link #located()}. */
    public int omitted() {
        return omitted;
    }

    @Override
    public String getMessage() {
        return text;
    }

    private static List<Problem> plain(List<InputProblem> located) {
        if (located.isEmpty()) {
            throw new IllegalArgumentException("an InputException needs at least one problem");
        }
        List<Problem> out = new ArrayList<>(located.size());
        for (InputProblem p : located) {
            out.add(new Problem(p.field(), p.message()));
        }
        return out;
    }

    private static String render(List<InputProblem> located, int omitted) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(located.size(), MAX_LINES);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(located.get(i));
        }
        int more = located.size() - shown + omitted;
        if (more > 0) {
            out.append("\n… and ").append(more).append(more == 1 ? " more problem" : " more problems");
        }
        return out.toString();
    }
}

package org.atoll.kernel.internal.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while walking an input; {@link #throwIfAny()} ends the walk. */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    /** Records {@code message} against {@code field} when the check found something (non-null). */
    public Problems check(String field, String message) {
        if (message != null) {
            list.add(new Problem(field, message));
        }
        return this;
    }

    public Problems add(String field, String message) {
        list.add(new Problem(field, message));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationException(list);
        }
    }
}

package org.atoll.kernel.internal.validate;

/**
 * One thing wrong with an input: the field's path ({@code services.web.ports[0].host}) and what is
 * wrong with it, in words an operator can act on.
 */
public record Problem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}

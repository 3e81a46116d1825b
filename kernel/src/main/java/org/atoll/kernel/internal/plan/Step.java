package org.atoll.kernel.internal.plan;

import java.util.Objects;

import org.atoll.kernel.internal.registry.ExtensionPoint;

/**
 * One change the reconciler makes through one provider.
 *
 * @param action   what to do
 * @param point    the extension point whose provider does it
 * @param provider the provider's name ({@code docker})
 * @param target   what it is done to (an instance id)
 * @param node     where
 * @param detail   a short human explanation ({@code local/web:2}, {@code exited 137}); may be empty
 * @param stage    steps of one stage are independent and may run in parallel; a stage starts when the
 *                 one before it has finished (linked services run before the services that link to them,
 *                 removals come last)
 */
public record Step(Action action, ExtensionPoint point, String provider, String target, String node, String detail,
        int stage) {

    public enum Action {
        /** Create if missing, then start. */
        RUN("+", "run"),
        /** Exists but is not running: start it. */
        START(">", "start"),
        /** Exists but cannot run: remove it, then create and start it again. */
        RECREATE("~", "recreate"),
        /** Exists but is not desired (here): stop and remove it. */
        REMOVE("-", "remove");

        final String sign;
        final String verb;

        Action(String sign, String verb) {
            this.sign = sign;
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    public Step {
        Objects.requireNonNull(action, "action");
        detail = detail == null ? "" : detail;
    }

    /** One line of a plan: {@code + run      foo-web-2-1 on s1 (local/web:2)}. */
    public String render() {
        return String.format("%s %-8s %s on %s%s", action.sign, action.verb, target, node,
                detail.isEmpty() ? "" : " (" + detail + ")");
    }
}

package org.atoll.kernel.internal.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An ordered list of steps; executing them in order moves the world to the desired state. */
public record Plan(List<Step> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public Map<Step.Action, Long> counts() {
        Map<Step.Action, Long> counts = new EnumMap<>(Step.Action.class);
        steps.forEach(s -> counts.merge(s.action(), 1L, Long::sum));
        return counts;
    }

    /** The plan as a diff, one line per step, then a summary; {@code No changes.} when empty. */
    public String render() {
        if (steps.isEmpty()) {
            return "No changes.";
        }
        String body = steps.stream().map(Step::render).collect(Collectors.joining("\n"));
        String summary = counts().entrySet().stream().map(e -> e.getValue() + " to " + e.getKey().verb())
                .collect(Collectors.joining(", "));
        return body + "\nPlan: " + summary + ".";
    }
}

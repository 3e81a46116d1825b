package org.atoll.kernel.internal.deploy;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param proposal what it changed in the desired state
 * @param waitedFor the instances on this node it waited for
 */
public record DeployOutcome(Proposal proposal, List<String> waitedFor) {

    /** One line per change, or exactly {@code No changes.}. */
    public String render() {
        return proposal.changed() ? String.join("\n", proposal.changes()) : "No changes.";
    }
}

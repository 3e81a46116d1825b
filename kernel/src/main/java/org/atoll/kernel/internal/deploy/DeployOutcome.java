package org.atoll.kernel.internal.deploy;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param proposal what it changed in the desired state
 * @param waitedFor the instances on this node it waited for
 * @param revision  the deployment's stored revision after the change (0 when unknown)
 */
public record DeployOutcome(Proposal proposal, List<String> waitedFor, long revision) {

    public DeployOutcome(Proposal proposal, List<String> waitedFor) {
        this(proposal, waitedFor, 0);
    }

    /** One line per change, or exactly {@code No changes.}. */
    public String render() {
        return proposal.changed() ? String.join("\n", proposal.changes()) : "No changes.";
    }
}

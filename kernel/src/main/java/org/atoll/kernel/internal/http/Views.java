package org.atoll.kernel.internal.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.DeployOutcome;
import org.atoll.kernel.internal.deploy.Proposal;

/** The shapes the API reads and answers, where they are not the model's own records. */
public final class Views {

    private Views() {
    }

    /** The body of {@code POST /deployments}. */
    public record NewDeployment(String name, String description) {
    }

    public record DeploymentView(String name, String description, Map<String, String> env, Instant created,
            long revision, List<ServiceView> services) {
    }

    public record ServiceView(String deployment, String name, int version, int count, List<String> nodes,
            Instant updated, ServiceSpec spec) {
    }

    /** The body of a rollback. */
    public record Rollback(int version) {
    }

    /** A Flocker application config and deployment config, as YAML texts. */
    public record FlockerPair(String application, String deployment) {
    }

    public record PlanView(boolean changed, List<String> changes, List<String> steps) {
        static PlanView of(Proposal p) {
            return new PlanView(p.changed(), p.changes(), p.steps());
        }
    }

    /**
     * What a change did.
     *
     * @param message   "No changes." or the changes, one per line (as the shell prints them)
     * @param instances the ids of the instances it adds
     * @param revision  the deployment's revision after the change (its new ETag)
     */
    public record Outcome(boolean changed, List<String> changes, List<String> steps, List<String> instances,
            String message, long revision) {
        static Outcome of(DeployOutcome o, String extra) {
            String message = o.render() + (extra == null || extra.isEmpty() ? "" : "\n" + extra);
            return new Outcome(o.proposal().changed(), o.proposal().changes(), o.proposal().steps(),
                    o.proposal().instances().stream().map(i -> i.id()).toList(), message, o.revision());
        }
    }

    public record Removed(String deployment, int stopping) {
    }

    public record PluginView(String extensionPoint, String name, String version, String state, String message,
            List<String> capabilities) {
    }
}

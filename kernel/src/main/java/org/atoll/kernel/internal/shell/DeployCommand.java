package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.atoll.kernel.internal.deploy.DeployOutcome;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.validate.ValidationException;

@Service
@Command(scope = "atoll", name = "deploy", description = "Deploys a Servicefile into a deployment, or a Flocker"
        + " application config + deployment config pair; prints one line per change, or No changes.")
public class DeployCommand extends WaitingCommand {

    @Reference
    DeployService deploys;

    @Reference
    RoutingService routing;

    @Option(name = "-D", aliases = "--deployment",
            description = "The deployment (required with a Servicefile; the Flocker pair defaults to 'default')")
    @Completion(DeploymentNameCompleter.class)
    String deployment;

    @Argument(index = 0, name = "files", required = true, multiValued = true,
            description = "A Servicefile, or an application config and a deployment config")
    @Completion(FileCompleter.class)
    List<String> files;

    @Option(name = "--timing", description = "Also print how long it took, from submit to all running")
    boolean timing;

    @Override
    public Object execute() {
        long started = System.nanoTime();
        DeclaredFiles input = DeclaredFiles.read(deployment, files);
        DeployOutcome outcome;
        try {
            outcome = deploys.deploy(input.deployment, input.declared, waitTime());
        } catch (ValidationException e) {
            throw input.located(e);
        }
        System.out.println(outcome.render());
        String domains;
        try {
            domains = routing.declareDomains(input.deployment, input.parsed.domains(), waitTime());
        } catch (ValidationException e) {
            throw input.located(e);
        }
        if (!domains.isEmpty()) {
            System.out.println(domains);
        }
        if (timing) {
            System.out.println("Took " + (System.nanoTime() - started) / 1_000_000 + " ms.");
        }
        return null;
    }
}

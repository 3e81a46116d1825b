package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.Proposal;
import org.atoll.kernel.internal.validate.ValidationException;

@Service
@Command(scope = "atoll", name = "plan",
        description = "Shows what deploy would change, with the same arguments, and changes nothing")
public class PlanCommand implements Action {

    @Reference
    DeployService deploys;

    @Option(name = "-D", aliases = "--deployment",
            description = "The deployment (required with a Servicefile; the Flocker pair defaults to 'default')")
    @Completion(DeploymentNameCompleter.class)
    String deployment;

    @Argument(index = 0, name = "files", required = true, multiValued = true,
            description = "A Servicefile, or an application config and a deployment config")
    @Completion(FileCompleter.class)
    List<String> files;

    @Override
    public Object execute() {
        DeclaredFiles input = DeclaredFiles.read(deployment, files);
        Proposal plan;
        try {
            plan = deploys.plan(input.deployment, input.declared);
        } catch (ValidationException e) {
            throw input.located(e);
        }
        if (!plan.changed()) {
            System.out.println("No changes.");
        } else {
            plan.changes().forEach(System.out::println);
            plan.steps().forEach(step -> System.out.println("  " + step));
        }
        if (!input.parsed.domains().isEmpty()) {
            System.out.println("Routing domains (applied by deploy): " + String.join(", ",
                    input.parsed.domains().values().stream().map(d -> d.name() + " → " + d.deployment() + ":"
                            + d.service() + (d.auth().isEmpty() ? "" : " (digest auth)")).toList()));
        }
        return null;
    }
}

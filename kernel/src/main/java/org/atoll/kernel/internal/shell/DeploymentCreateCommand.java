package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.deploy.DeploymentService;

@Service
@Command(scope = "atoll", name = "deployment-create", description = "Creates a deployment (production, staging …)")
public class DeploymentCreateCommand implements Action {

    @Reference
    DeploymentService deployments;

    @Argument(index = 0, name = "name", required = true,
            description = "The deployment's name: lower-case letters, digits and '-', starting with a letter")
    String name;

    @Option(name = "-d", aliases = "--description", description = "One line describing the deployment")
    String description;

    @Override
    public Object execute() {
        deployments.create(name, description);
        System.out.println("Created deployment " + name + ".");
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.deploy.DeployService;

@Service
@Command(scope = "atoll", name = "rollback", description = "Makes an earlier version of a service current again")
public class RollbackCommand extends WaitingCommand {

    @Reference
    DeployService deploys;

    @Option(name = "-D", aliases = "--deployment", required = true, description = "The deployment")
    @Completion(DeploymentNameCompleter.class)
    String deployment;

    @Argument(index = 0, name = "service", required = true, description = "The service")
    String service;

    @Argument(index = 1, name = "version", required = true, description = "The version to run (see ps)")
    int version;

    @Override
    public Object execute() {
        System.out.println(deploys.rollback(deployment, service, version, waitTime()).render());
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.ContainerCheck;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "check-remove", description = "Removes a health check from a container")
public class CheckRemoveCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "container", required = true, description = "An instance id or DEPLOYMENT:SERVICE")
    @Completion(ContainerCompleter.class)
    String container;

    @Argument(index = 1, name = "name", required = true, description = "The check")
    String name;

    @Override
    public Object execute() {
        ContainerCheck c = discovery.removeCheck(container, name);
        System.out.println("Removed check " + name + " from " + c.target() + ".");
        return null;
    }
}

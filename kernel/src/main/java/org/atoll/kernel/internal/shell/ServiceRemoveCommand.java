package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.ContainerService;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "service-remove",
        description = "Removes a service from a container (every service when no name is given); it is withdrawn")
public class ServiceRemoveCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "container", required = true, description = "An instance id or DEPLOYMENT:SERVICE")
    @Completion(ContainerCompleter.class)
    String container;

    @Argument(index = 1, name = "name", description = "The service; all of the container's when omitted")
    String name;

    @Override
    public Object execute() {
        List<ContainerService> gone = discovery.removeService(container, name);
        gone.forEach(s -> System.out.println("Removed service " + s.name() + " from " + s.target() + "."));
        return null;
    }
}

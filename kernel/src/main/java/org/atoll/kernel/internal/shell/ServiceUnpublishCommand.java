package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "service-unpublish", description = "Withdraws a published service with its checks")
public class ServiceUnpublishCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "name", required = true, description = "The published service")
    String name;

    @Override
    public Object execute() {
        discovery.unpublishService(name);
        System.out.println("Withdrew published service " + name + ".");
        return null;
    }
}

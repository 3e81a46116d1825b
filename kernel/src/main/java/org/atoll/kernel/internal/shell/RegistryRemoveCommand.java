package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "registry-remove",
        description = "Removes a registry: a deployed one leaves its cluster and its instance is stopped")
public class RegistryRemoveCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "name", required = true, description = "The registry (see registry-list)")
    @Completion(RegistryNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        System.out.println(discovery.removeRegistry(name));
        return null;
    }
}

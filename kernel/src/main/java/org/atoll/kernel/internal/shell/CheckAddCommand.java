package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.discovery.ContainerCheck;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "check-add",
        description = "Adds a health check to a container: tcp PORT, or http http://localhost[:PORT]/PATH; it always"
                + " runs against the container's own address")
public class CheckAddCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "container", required = true, description = "An instance id or DEPLOYMENT:SERVICE")
    @Completion(ContainerCompleter.class)
    String container;

    @Argument(index = 1, name = "name", required = true, description = "The check's name, a DNS label")
    String name;

    @Argument(index = 2, name = "type", required = true, description = "tcp or http")
    @Completion(value = StringsCompleter.class, values = {"tcp", "http"})
    String type;

    @Argument(index = 3, name = "target", required = true,
            description = "tcp: the container port (80); http: http://localhost[:PORT]/PATH")
    String target;

    @Override
    public Object execute() {
        ContainerCheck c = discovery.addCheck(container, name, type, target);
        System.out.println("Added " + type + " check " + name + " (" + target + ") to " + c.target() + ".");
        return null;
    }
}

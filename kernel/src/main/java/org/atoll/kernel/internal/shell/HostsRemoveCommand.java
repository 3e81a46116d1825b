package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "hosts-remove", description = "Removes a host name from the managed hosts block")
public class HostsRemoveCommand implements Action {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "url", required = true, description = "The host name")
    String url;

    @Override
    public Object execute() {
        System.out.println(routing.removeHost(url));
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "lb-list", description = "Lists the load balancers, where they listen and what they route to")
public class LbListCommand implements Action {

    @Reference
    RoutingService routing;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ProxyTables.print(routing.loadBalancers(), noFormat);
        return null;
    }
}

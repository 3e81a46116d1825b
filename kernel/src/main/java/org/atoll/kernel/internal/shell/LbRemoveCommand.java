package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "lb-remove", description = "Stops a load balancer and forgets it")
public class LbRemoveCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "name", required = true, description = "The load balancer (see lb-list)")
    @Completion(LoadBalancerNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        System.out.println(routing.removeLoadBalancer(name, waitTime()));
        return null;
    }
}

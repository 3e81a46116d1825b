package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "lb-backend-remove", description = "Removes backends from a load balancer")
public class LbBackendRemoveCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "lb", required = true, description = "The load balancer (see lb-list)")
    @Completion(LoadBalancerNameCompleter.class)
    String lb;

    @Argument(index = 1, name = "backends", required = true, multiValued = true,
            description = "name:ip:port (haproxy), ip:port (nginx), or service:NAME")
    List<String> backends;

    @Override
    public Object execute() {
        System.out.println(routing.removeBackends(lb, backends, waitTime()));
        return null;
    }
}

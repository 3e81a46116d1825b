package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "port-unpublish", description = "Stops forwarding a port published with port-publish")
public class PortUnpublishCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "target", required = true, description = "NODE:PROXY, e.g. s1:haproxy-1")
    @Completion(ProxyTargetCompleter.class)
    String target;

    @Argument(index = 1, name = "port", required = true, description = "The port on the node")
    int port;

    @Override
    public Object execute() {
        System.out.println(routing.unpublishPort(target, port, waitTime()));
        return null;
    }
}

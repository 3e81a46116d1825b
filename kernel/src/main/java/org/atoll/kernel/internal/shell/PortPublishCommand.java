package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "port-publish", description = "Forwards a port of a load balancer or webserver on its"
        + " node's address (Flockport's pub)")
public class PortPublishCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "target", required = true, description = "NODE:PROXY, e.g. s1:haproxy-1")
    @Completion(ProxyTargetCompleter.class)
    String target;

    @Argument(index = 1, name = "port", required = true, description = "The proxy's port: 80, or 443 with TLS")
    @Completion(value = StringsCompleter.class, values = {"80", "443"})
    int port;

    @Option(name = "-H", aliases = "--host-port", description = "The port on the node; default the same")
    int hostPort;

    @Override
    public Object execute() {
        System.out.println(routing.publishPort(target, port, hostPort == 0 ? port : hostPort, waitTime()));
        return null;
    }
}

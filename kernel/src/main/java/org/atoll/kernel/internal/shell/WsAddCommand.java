package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "ws-add", description = "Runs an Nginx webserver on a node that publishes apps by URL")
public class WsAddCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "node", required = true, description = "The node to run it on (see node-list)")
    @Completion(NodeNameCompleter.class)
    String node;

    @Option(name = "-n", aliases = "--name", description = "Its name; default ws-N")
    String name;

    @Option(name = "-a", aliases = "--address", description = "The address to listen on; default the next free one of"
            + " routing.address.range")
    String address;

    @Override
    public Object execute() {
        System.out.println(routing.addWebserver(node, name, address, waitTime()));
        return null;
    }
}

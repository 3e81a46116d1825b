package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "ws-remove", description = "Stops a webserver and forgets it and its apps")
public class WsRemoveCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "name", required = true, description = "The webserver (see ws-list)")
    @Completion(WebserverNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        System.out.println(routing.removeWebserver(name, waitTime()));
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "app-remove", description = "Stops publishing an app on a webserver")
public class AppRemoveCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "webserver", required = true, description = "The webserver (see ws-list)")
    @Completion(WebserverNameCompleter.class)
    String webserver;

    @Argument(index = 1, name = "url", required = true, description = "The published host name")
    String url;

    @Override
    public Object execute() {
        System.out.println(routing.removeApp(webserver, url, waitTime()));
        return null;
    }
}

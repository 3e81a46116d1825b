package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "ws-list", description = "Lists the webservers, where they listen and the apps they publish")
public class WsListCommand implements Action {

    @Reference
    RoutingService routing;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ProxyTables.print(routing.webservers(), noFormat);
        return null;
    }
}

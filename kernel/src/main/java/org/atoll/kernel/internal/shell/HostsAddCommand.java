package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "hosts-add", description = "Points a host name at an address in the managed block of"
        + " the hosts file (routing.hosts.file), on every node")
public class HostsAddCommand implements Action {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "url", required = true, description = "The host name, e.g. myminio.org")
    String url;

    @Argument(index = 1, name = "ip", required = true, description = "The address, e.g. a webserver's (ws-list)")
    String ip;

    @Override
    public Object execute() {
        System.out.println(routing.addHost(url, ip));
        return null;
    }
}

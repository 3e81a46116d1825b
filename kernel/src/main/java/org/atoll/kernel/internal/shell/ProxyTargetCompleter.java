package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.routing.RoutingService;

/** Completes NODE:PROXY for load balancers and webservers. */
@Service
public class ProxyTargetCompleter implements Completer {

    @Reference
    RoutingService routing;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(java.util.stream.Stream.concat(routing.loadBalancers().stream(), routing.webservers().stream())
                .map(v -> v.node() + ":" + v.name()).toList()).complete(session, commandLine, candidates);
    }
}

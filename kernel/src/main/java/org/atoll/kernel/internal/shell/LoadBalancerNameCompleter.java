package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.routing.RoutingService;

/** Completes the names of load balancers. */
@Service
public class LoadBalancerNameCompleter implements Completer {

    @Reference
    RoutingService routing;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(routing.loadBalancerNames()).complete(session, commandLine, candidates);
    }
}

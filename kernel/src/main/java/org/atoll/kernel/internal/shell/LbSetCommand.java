package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "lb-set", description = "Changes a setting of a load balancer: mode, url, ssl,"
        + " workers or resolvers")
public class LbSetCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "lb", required = true, description = "The load balancer (see lb-list)")
    @Completion(LoadBalancerNameCompleter.class)
    String lb;

    @Argument(index = 1, name = "setting", required = true,
            description = "mode (roundrobin|leastconn|source, nginx default|least_conn|ip_hash), url (HOST|none),"
                    + " ssl (CERT KEY|self-signed|off), workers (N, 0 = default), resolvers (IP[:PORT],...|none)")
    @Completion(value = StringsCompleter.class, values = {"mode", "url", "ssl", "workers", "resolvers"})
    String setting;

    @Argument(index = 2, name = "value", required = true, multiValued = true, description = "The new value")
    List<String> value;

    @Override
    public Object execute() {
        System.out.println(routing.set(lb, setting, String.join(" ", value), waitTime()));
        return null;
    }
}

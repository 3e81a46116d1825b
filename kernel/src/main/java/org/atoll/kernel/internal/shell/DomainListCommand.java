package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "domain-list", description = "Lists the routing domains of Servicefiles (Domains:)")
public class DomainListCommand implements Action {

    @Reference
    RoutingService routing;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Domain", "Routes to", "Digest users");
        routing.domains().forEach(d -> table.addRow().addContent(d.domain(), d.deployment() + ":" + d.service(),
                String.join(" ", d.users())));
        table.print(System.out, !noFormat);
        return null;
    }
}

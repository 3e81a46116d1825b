package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.routing.RoutingService;

@Service
@Command(scope = "atoll", name = "hosts-list", description = "Lists the managed host names")
public class HostsListCommand implements Action {

    @Reference
    RoutingService routing;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Host", "Address");
        routing.hosts().forEach((h, a) -> table.addRow().addContent(h, a));
        table.print(System.out, !noFormat);
        return null;
    }
}

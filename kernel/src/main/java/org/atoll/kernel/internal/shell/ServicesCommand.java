package org.atoll.kernel.internal.shell;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.discovery.CatalogEntry;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.spi.discovery.Registration;

@Service
@Command(scope = "atoll", name = "services",
        description = "Lists every service and check the registries know, with their health")
public class ServicesCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Registry", "Service", "Environment", "Endpoint", "Node", "Health", "Checks", "Id");
        for (CatalogEntry e : discovery.catalog()) {
            if (e.service() == null) {
                table.addRow().addContent(e.type(), "", "", "", "", "unreachable", e.error(), "");
                continue;
            }
            Registration r = e.service().registration();
            String checks = e.service().checks().stream()
                    .map(c -> c.name() + "=" + c.status().name().toLowerCase()
                            + (c.output().isEmpty() ? "" : " (" + c.output() + ")"))
                    .collect(Collectors.joining(", "));
            table.addRow().addContent(e.type(), r.name(), r.environment(), r.address() + ":" + r.hostPort(),
                    r.node() == null ? "" : r.node(), e.service().healthy() ? "passing" : "critical", checks, r.id());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.discovery.ContainerCheck;
import org.atoll.kernel.internal.discovery.ContainerService;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.PublishedService;

@Service
@Command(scope = "atoll", name = "service-list",
        description = "Lists the services and checks added to containers, and the published ones")
public class ServiceListCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "container", description = "Only this instance id or DEPLOYMENT:SERVICE")
    @Completion(ContainerCompleter.class)
    String container;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Container", "Kind", "Name", "Target");
        for (ContainerService s : discovery.services(container)) {
            table.addRow().addContent(s.target(), "service", s.name(), s.port() + "/" + s.proto());
        }
        for (ContainerCheck c : discovery.checks(container)) {
            table.addRow().addContent(c.target(), "check", c.check().name(), c.check().type() + " " + c.check().target());
        }
        if (container == null) {
            for (PublishedService p : discovery.published()) {
                table.addRow().addContent("(published by " + p.node() + ")", "service", p.name(),
                        p.address() + ":" + p.port());
                p.checks().forEach(c -> table.addRow().addContent("(published by " + p.node() + ")", "check",
                        c.name(), c.type() + " " + c.target()));
            }
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

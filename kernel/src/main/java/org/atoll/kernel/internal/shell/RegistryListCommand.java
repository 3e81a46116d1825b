package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.RegistryView;

@Service
@Command(scope = "atoll", name = "registry-list", description = "Lists the service registries with their state")
public class RegistryListCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Name", "Type", "Node", "Address", "Instance", "State", "Plugin");
        for (RegistryView v : discovery.registries()) {
            var r = v.registry();
            table.addRow().addContent(r.name(), r.type(), r.node() == null ? "" : r.node(),
                    r.external() != null ? r.external() : r.address(), v.instance(), v.state(), v.status());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

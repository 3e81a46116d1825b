package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.registry.ExtensionPoint;
import org.atoll.kernel.internal.registry.ProviderEntry;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.spi.ProviderStatus;

@Service
@Command(scope = "atoll", name = "plugins",
        description = "Lists every extension point with its providers: version, status and capabilities")
public class PluginsCommand implements Action {

    @Reference
    ProviderRegistry registry;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Extension point", "Provider", "Version", "Status", "Capabilities");
        for (ExtensionPoint point : ExtensionPoint.values()) {
            List<ProviderEntry> entries = registry.entries(point);
            if (entries.isEmpty()) {
                table.addRow().addContent(point.label(), "(none)", "", "", "");
            }
            for (ProviderEntry e : entries) {
                ProviderStatus status = e.status();
                String state = status.message().isEmpty() ? status.state().name()
                        : status.state() + ": " + status.message();
                table.addRow().addContent(point.label(), e.name(), e.provider().info().version(), state,
                        String.join(",", e.provider().capabilities().stream().sorted().toList()));
            }
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

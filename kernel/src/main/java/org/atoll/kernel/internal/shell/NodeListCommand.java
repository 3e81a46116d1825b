package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;

@Service
@Command(scope = "atoll", name = "node-list", description = "Lists the nodes of the cluster with their status and capacity")
public class NodeListCommand implements Action {

    @Reference
    NodeService nodes;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Name", "Address", "Status", "CPU", "Memory", "Instances", "Joined");
        for (NodeStatus n : nodes.list()) {
            table.addRow().addContent(n.local() ? n.node().name() + " (local)" : n.node().name(), n.node().address(),
                    n.up() ? "up" : "down", String.format("%.1f", n.node().capacity().cpuMillis() / 1000.0),
                    n.node().capacity().memoryMb() + " MiB", n.instances(), Tables.time(n.node().joined()));
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

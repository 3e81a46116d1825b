package org.atoll.kernel.internal.shell;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.InstanceView;

@Service
@Command(scope = "atoll", name = "ps", description = "Lists instances: where they should run and what was last seen of them")
public class PsCommand implements Action {

    @Reference
    DeployService deploys;

    @Option(name = "-D", aliases = "--deployment", description = "Only this deployment")
    @Completion(DeploymentNameCompleter.class)
    String deployment;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Instance", "Service", "Version", "Node", "State", "Address", "Ports", "Problem");
        for (InstanceView i : deploys.ps(deployment)) {
            String ports = i.ports().entrySet().stream().map(e -> e.getValue() + "->" + e.getKey())
                    .collect(Collectors.joining(","));
            table.addRow().addContent(i.id(), i.service(), i.version(), i.node(), i.state(), i.address(), ports,
                    i.problem());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

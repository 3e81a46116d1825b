package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.deploy.DeploymentService;
import org.atoll.kernel.internal.deploy.DeploymentSummary;

@Service
@Command(scope = "atoll", name = "deployment-list", description = "Lists the deployments")
public class DeploymentListCommand implements Action {

    @Reference
    DeploymentService deployments;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Name", "Services", "Instances", "Created", "Description");
        for (DeploymentSummary d : deployments.list()) {
            table.addRow().addContent(d.name(), d.services(), d.instances(), Tables.time(d.created()), d.description());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

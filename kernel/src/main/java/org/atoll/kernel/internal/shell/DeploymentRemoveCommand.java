package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.deploy.DeploymentService;

@Service
@Command(scope = "atoll", name = "deployment-remove",
        description = "Removes a deployment with its services; its instances are stopped and removed")
public class DeploymentRemoveCommand implements Action {

    @Reference
    DeploymentService deployments;

    @Argument(index = 0, name = "name", required = true, description = "The deployment to remove")
    @Completion(DeploymentNameCompleter.class)
    String name;

    @Reference
    DatabaseService databases;

    @Option(name = "--delete-data", description = "Also remove the databases its services declare, with their data")
    boolean deleteData;

    @Reference
    org.atoll.kernel.internal.routing.RoutingService routing;

    @Override
    public Object execute() {
        List<String> declared = deployments.databasesOf(name);
        int instances = deployments.remove(name);
        System.out.println("Removed deployment " + name + "."
                + (instances > 0 ? " " + instances + " instance(s) will be stopped." : ""));
        String domains = routing.declareDomains(name, java.util.Map.of(), java.time.Duration.ofSeconds(30));
        if (!domains.isEmpty()) {
            System.out.println(domains);
        }
        List<String> existing = databases.names();
        for (String db : declared) {
            if (!existing.contains(db)) {
                continue;
            }
            if (deleteData) {
                System.out.println(databases.remove(db, true));
            } else {
                System.out.println("Kept database " + db + " with its data (db-remove " + db + " stops it).");
            }
        }
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.PublishedService;

@Service
@Command(scope = "atoll", name = "check-unpublish", description = "Withdraws a published check")
public class CheckUnpublishCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "name", required = true, description = "The published check")
    String name;

    @Override
    public Object execute() {
        PublishedService p = discovery.unpublishCheck(name);
        System.out.println("Withdrew check " + name + " of service " + p.name() + ".");
        return null;
    }
}

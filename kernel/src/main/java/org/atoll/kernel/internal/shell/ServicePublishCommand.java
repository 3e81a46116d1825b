package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.PublishedService;

@Service
@Command(scope = "atoll", name = "service-publish",
        description = "Publishes a service Atoll did not start (minio 10.0.7.10:9000); this node keeps it registered")
public class ServicePublishCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "name", required = true, description = "The service's name, a DNS label")
    String name;

    @Argument(index = 1, name = "target", required = true, description = "HOST:PORT it answers on")
    String target;

    @Option(name = "-e", aliases = "--environment", description = "The environment it is listed under (default)")
    String environment;

    @Override
    public Object execute() {
        PublishedService p = discovery.publishService(name, target, environment);
        System.out.println("Published service " + p.name() + " at " + p.address() + ":" + p.port() + ".");
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.discovery.ContainerService;
import org.atoll.kernel.internal.discovery.DiscoveryService;

@Service
@Command(scope = "atoll", name = "service-add",
        description = "Adds a service a container hosts; it is published to the registries while the container runs")
public class ServiceAddCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "container", required = true,
            description = "An instance id (see ps), or DEPLOYMENT:SERVICE for every instance of a service")
    @Completion(ContainerCompleter.class)
    String container;

    @Argument(index = 1, name = "name", required = true, description = "The service's name, a DNS label")
    String name;

    @Argument(index = 2, name = "port", required = true, description = "The port inside the container")
    int port;

    @Option(name = "--proto", description = "tcp (default) or udp")
    @Completion(value = StringsCompleter.class, values = {"tcp", "udp"})
    String proto;

    @Override
    public Object execute() {
        ContainerService s = discovery.addService(container, name, port, proto);
        System.out.println("Added service " + s.name() + " at port " + s.port() + "/" + s.proto() + " to " + s.target()
                + ".");
        return null;
    }
}

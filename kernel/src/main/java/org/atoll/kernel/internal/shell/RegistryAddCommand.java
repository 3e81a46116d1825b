package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.validate.ValidationException;

@Service
@Command(scope = "atoll", name = "registry-add",
        description = "Runs a service registry (etcd or Consul) on a node at a static address, joining the registries"
                + " of its type; or adopts an existing one with --external. Instances publish their services there.")
public class RegistryAddCommand extends WaitingCommand {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "node", description = "The node to run it on (see node-list)")
    @Completion(NodeNameCompleter.class)
    String node;

    @Argument(index = 1, name = "address", description = "The static IP address it listens on, an address of that node")
    String address;

    @Option(name = "-t", aliases = "--type", description = "etcd (default) or consul")
    @Completion(value = StringsCompleter.class, values = {"etcd", "consul"})
    String type;

    @Option(name = "-n", aliases = "--name", description = "Its name; default TYPE-N from the address (etcd-10)")
    String name;

    @Option(name = "--external", description = "The URL of an existing registry to adopt (http://10.0.4.10:2379)")
    String external;

    @Override
    public Object execute() {
        if (external == null && (node == null || address == null)) {
            throw new ValidationException(node == null ? "node" : "address",
                    "is required (or give --external URL to adopt a running registry)");
        }
        if (external != null && (node != null || address != null)) {
            throw new ValidationException("external", "an adopted registry takes no node or address");
        }
        System.out.println(discovery.addRegistry(node, address, type, name, external, waitTime()));
        return null;
    }
}

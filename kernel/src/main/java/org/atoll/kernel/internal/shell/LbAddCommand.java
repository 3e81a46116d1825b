package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.routing.RoutingService.Tls;

@Service
@Command(scope = "atoll", name = "lb-add",
        description = "Runs a load balancer (HAProxy or Nginx) on a node, on its own address, in front of backends:"
                + " fixed ones, or service:NAME to follow what discovery finds")
public class LbAddCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "kind", required = true, description = "haproxy or nginx")
    @Completion(value = StringsCompleter.class, values = {"haproxy", "nginx"})
    String kind;

    @Argument(index = 1, name = "node", required = true, description = "The node to run it on (see node-list)")
    @Completion(NodeNameCompleter.class)
    String node;

    @Option(name = "-n", aliases = "--name", description = "Its name; default KIND-N")
    String name;

    @Option(name = "-u", aliases = "--url", description = "The host name it answers for; default any (required for nginx)")
    String url;

    @Option(name = "-b", aliases = "--backend", multiValued = true,
            description = "A backend: name:ip:port (haproxy), ip:port (nginx), or service:NAME; repeatable")
    List<String> backends;

    @Option(name = "-m", aliases = "--mode",
            description = "haproxy roundrobin|leastconn|source, nginx default|least_conn|ip_hash; default round robin")
    @Completion(value = StringsCompleter.class, values = {"roundrobin", "leastconn", "source", "default", "least_conn",
            "ip_hash"})
    String mode;

    @Option(name = "-c", aliases = "--cert", description = "A PEM certificate (chain) file: serve TLS on 443 too")
    String certificate;

    @Option(name = "-k", aliases = "--key", description = "The PEM private key file of -c")
    String key;

    @Option(name = "-s", aliases = "--self-signed", description = "Serve TLS on 443 with a generated self-signed certificate")
    boolean selfSigned;

    @Option(name = "-a", aliases = "--address", description = "The address to listen on; default the next free one of"
            + " routing.address.range")
    String address;

    @Override
    public Object execute() {
        Tls tls = selfSigned ? new Tls(certificate, key, true) : Tls.files(certificate, key);
        System.out.println(routing.addLoadBalancer(kind, node, name, url, backends, mode, tls, address, waitTime()));
        return null;
    }
}

package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.PublishedService;

@Service
@Command(scope = "atoll", name = "check-publish",
        description = "Publishes a check of a published service (minio-check tcp 10.0.7.10:9000); it attaches to the"
                + " published service at that address, or to --service")
public class CheckPublishCommand implements Action {

    @Reference
    DiscoveryService discovery;

    @Argument(index = 0, name = "name", required = true, description = "The check's name, a DNS label")
    String name;

    @Argument(index = 1, name = "type", required = true, description = "tcp or http")
    @Completion(value = StringsCompleter.class, values = {"tcp", "http"})
    String type;

    @Argument(index = 2, name = "target", required = true, description = "tcp: HOST:PORT; http: http://HOST[:PORT]/PATH")
    String target;

    @Option(name = "-s", aliases = "--service", description = "The published service it belongs to")
    String service;

    @Override
    public Object execute() {
        PublishedService p = discovery.publishCheck(name, type, target, service);
        System.out.println("Published " + type + " check " + name + " of service " + p.name() + ".");
        return null;
    }
}

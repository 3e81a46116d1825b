package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.routing.RoutingService.Tls;

@Service
@Command(scope = "atoll", name = "app-publish", description = "Publishes an app on a webserver under a URL (HTTP, and"
        + " HTTPS on 443 with -c/-k or -s)")
public class AppPublishCommand extends WaitingCommand {

    @Reference
    RoutingService routing;

    @Argument(index = 0, name = "webserver", required = true, description = "The webserver (see ws-list)")
    @Completion(WebserverNameCompleter.class)
    String webserver;

    @Argument(index = 1, name = "url", required = true, description = "The host name, e.g. myminio.org")
    String url;

    @Argument(index = 2, name = "backend", required = true, description = "ip:port, host:port or service:NAME")
    String backend;

    @Option(name = "-c", aliases = "--cert", description = "A PEM certificate (chain) file")
    String certificate;

    @Option(name = "-k", aliases = "--key", description = "The PEM private key file of -c")
    String key;

    @Option(name = "-s", aliases = "--self-signed", description = "Generate a self-signed certificate for the URL")
    boolean selfSigned;

    @Override
    public Object execute() {
        Tls tls = selfSigned ? new Tls(certificate, key, true) : Tls.files(certificate, key);
        System.out.println(routing.publishApp(webserver, url, backend, tls, waitTime()));
        return null;
    }
}

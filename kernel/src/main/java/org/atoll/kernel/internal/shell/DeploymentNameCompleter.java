package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.deploy.DeploymentService;

/** Completes the names of existing deployments. */
@Service
public class DeploymentNameCompleter implements Completer {

    @Reference
    DeploymentService deployments;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(deployments.names()).complete(session, commandLine, candidates);
    }
}

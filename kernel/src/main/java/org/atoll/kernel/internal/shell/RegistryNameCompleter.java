package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.discovery.DiscoveryService;

/** Completes the names of registries. */
@Service
public class RegistryNameCompleter implements Completer {

    @Reference
    DiscoveryService discovery;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(discovery.registryNames()).complete(session, commandLine, candidates);
    }
}

package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.atoll.kernel.internal.node.NodeService;

/** Completes the names of the cluster's nodes. */
@Service
public class NodeNameCompleter implements Completer {

    @Reference
    NodeService nodes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(nodes.list().stream().map(n -> n.node().name()).toList())
                .complete(session, commandLine, candidates);
    }
}

package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.routing.RoutingService.ProxyView;

/** The table of lb-list and ws-list. */
final class ProxyTables {

    private ProxyTables() {
    }

    static void print(List<ProxyView> views, boolean noFormat) {
        ShellTable table = Tables.of("Name", "Kind", "Node", "Listens", "Routes", "State", "Problem");
        for (ProxyView v : views) {
            table.addRow().addContent(v.name(), v.kind(), v.node(), v.listens(), String.join("; ", v.routes()),
                    v.state(), v.message());
        }
        table.print(System.out, !noFormat);
    }
}

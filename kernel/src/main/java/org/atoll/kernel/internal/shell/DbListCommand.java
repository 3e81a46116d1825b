package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.database.DatabaseView;

@Service
@Command(scope = "atoll", name = "db-list", description = "Lists the databases; passwords are masked")
public class DbListCommand implements Action {

    @Reference
    DatabaseService databases;

    @Option(name = "--show-secrets", description = "Show the passwords instead of ******")
    boolean showSecrets;

    @Option(name = "--no-format", description = "Plain rows without table borders")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = Tables.of("Name", "Kind", "Node", "Server", "Database", "User", "Allowed", "State", "Password",
                "Problem");
        for (DatabaseView v : databases.list(showSecrets)) {
            var d = v.database();
            table.addRow().addContent(d.name(), d.kind(), d.node(), d.address() + ":" + d.port(), d.database(), d.user(),
                    d.allowedCidr(), v.state(), v.password(), v.message());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

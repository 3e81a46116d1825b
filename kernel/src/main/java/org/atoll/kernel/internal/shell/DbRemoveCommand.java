package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.kernel.internal.database.DatabaseService;

@Service
@Command(scope = "atoll", name = "db-remove",
        description = "Stops a database server and forgets it; its data is kept unless --delete-data")
public class DbRemoveCommand implements Action {

    @Reference
    DatabaseService databases;

    @Argument(index = 0, name = "name", required = true, description = "The database server (see db-list)")
    @Completion(DatabaseNameCompleter.class)
    String name;

    @Option(name = "--delete-data", description = "Delete its data too")
    boolean deleteData;

    @Override
    public Object execute() {
        System.out.println(databases.remove(name, deleteData));
        return null;
    }
}

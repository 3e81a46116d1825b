package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.atoll.kernel.internal.database.DatabaseService;

@Service
@Command(scope = "atoll", name = "db-rotate", description = "Gives a database's user a new password")
public class DbRotateCommand extends WaitingCommand {

    @Reference
    DatabaseService databases;

    @Argument(index = 0, name = "name", required = true, description = "The database server (see db-list)")
    @Completion(DatabaseNameCompleter.class)
    String name;

    @Option(name = "-p", aliases = "--password", description = "The new password; default: a generated one."
            + " It stays in the shell's history: prefer -P")
    String password;

    @Option(name = "-P", aliases = "--ask-password", description = "Ask for the password, without echo or history")
    boolean ask;

    @Reference
    Session session;

    @Override
    public Object execute() {
        System.out.println(databases.rotate(name, Passwords.given(session, password, ask), waitTime()));
        return null;
    }
}

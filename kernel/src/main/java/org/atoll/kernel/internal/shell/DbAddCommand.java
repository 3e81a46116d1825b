package org.atoll.kernel.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.api.console.Session;
import org.atoll.kernel.internal.database.DatabaseService;

@Service
@Command(scope = "atoll", name = "db-add",
        description = "Runs a database server (MariaDB/MySQL or PostgreSQL) on a node with a user and a database that"
                + " may be reached from an address range only")
public class DbAddCommand extends WaitingCommand {

    @Reference
    DatabaseService databases;

    @Argument(index = 0, name = "kind", required = true, description = "mysql or postgresql")
    @Completion(value = StringsCompleter.class, values = {"mysql", "postgresql"})
    String kind;

    @Argument(index = 1, name = "node", required = true, description = "The node to run it on (see node-list)")
    @Completion(NodeNameCompleter.class)
    String node;

    @Argument(index = 2, name = "user", required = true, description = "The user to create (a-z, 0-9, _)")
    String user;

    @Argument(index = 3, name = "database", required = true, description = "The database to create (a-z, 0-9, _)")
    String database;

    @Option(name = "-n", aliases = "--name", description = "The server's name; default KIND-N")
    String name;

    @Option(name = "-a", aliases = "--allowed", description = "The range the user may connect from (10.0.4.0/24);"
            + " default: this node's container network")
    String allowed;

    @Option(name = "-p", aliases = "--password", description = "The user's password; default: a generated one."
            + " It stays in the shell's history: prefer -P")
    String password;

    @Option(name = "-P", aliases = "--ask-password", description = "Ask for the password, without echo or history")
    boolean ask;

    @Reference
    Session session;

    @Override
    public Object execute() {
        System.out.println(databases.add(kind, node, user, database, name, allowed,
                Passwords.given(session, password, ask), waitTime()));
        return null;
    }
}

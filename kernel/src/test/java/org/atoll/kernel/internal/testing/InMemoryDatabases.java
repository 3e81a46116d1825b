package org.atoll.kernel.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atoll.spi.ProviderInfo;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;

/**
 * A database provisioner that keeps its servers in memory, for the kernel's own logic; the MariaDB
 * and PostgreSQL plugins are tested against the real servers.
 */
public final class InMemoryDatabases implements DatabaseProvisioner {

    private final String kind;
    public final Map<String, ServerSpec> servers = new ConcurrentHashMap<>();
    public final Map<String, Secret> passwords = new ConcurrentHashMap<>();
    public final Map<String, DatabaseSpec> databases = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    public InMemoryDatabases(String kind) {
        this.kind = kind;
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(kind, "test", "in-memory " + kind);
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_ROTATE);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public ServerStatus ensureServer(ServerSpec server) {
        if (servers.putIfAbsent(server.name(), server) == null) {
            calls.add("start " + server.name() + " " + server.address() + ":" + server.port());
        }
        return new ServerStatus(server.name(), true, server.address(), server.port(), "");
    }

    @Override
    public void ensureDatabase(String server, DatabaseSpec database, Secret password) {
        databases.put(server, database);
        passwords.put(server + "/" + database.user(), password);
    }

    @Override
    public void rotatePassword(String server, String user, Secret password) {
        passwords.put(server + "/" + user, password);
    }

    @Override
    public void dropDatabase(String server, DatabaseSpec database) {
        databases.remove(server);
    }

    @Override
    public void removeServer(String server, boolean deleteData) {
        servers.remove(server);
        calls.add("remove " + server + (deleteData ? " deleting data" : " keeping data"));
    }

    @Override
    public List<ServerStatus> servers() {
        List<ServerStatus> out = new ArrayList<>();
        servers.values().forEach(s -> out.add(new ServerStatus(s.name(), true, s.address(), s.port(), "")));
        return out;
    }
}

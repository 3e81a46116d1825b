package org.atoll.plugin.mysql.internal;

import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mysql} database provisioner: MariaDB servers as supervised processes of the host's
 * binaries, one directory each under the data directory, administered over 127.0.0.1 with an admin
 * account of its own. Servers outlive this component and the JVM; a new instance adopts them.
 */
@Component(
        service = DatabaseProvisioner.class,
        property = "atoll.provider=mysql",
        configurationPid = MysqlProvisioner.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MysqlConfig.class)
public final class MysqlProvisioner implements DatabaseProvisioner {

    static final String PID = "org.atoll.database.mysql";
    static final String NAME = "mysql";

    private static final Logger LOG = LoggerFactory.getLogger(MysqlProvisioner.class);

    private final ProviderInfo info;
    private final Settings settings;
    /** Why this provider cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Servers servers;

    @Activate
    public MysqlProvisioner(BundleContext context, MysqlConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    MysqlProvisioner(String version, Settings settings) {
        this.settings = settings;
        this.info = new ProviderInfo(NAME, version, "MariaDB servers under " + settings.dataDirectory());
        if (!settings.valid()) {
            unusable = "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
            LOG.warn("mysql provisioner is DOWN: {}", unusable);
            servers = null;
            return;
        }
        unusable = null;
        Jdbc.load();
        servers = new Servers(settings);
    }

    /** Servers keep running: they are adopted by the next instance. */
    @Deactivate
    void close() {
        Jdbc.unregister();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_ROTATE);
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public ProviderStatus status() {
        if (unusable != null) {
            return ProviderStatus.down(unusable);
        }
        if (!Files.isExecutable(settings.serverBinary())) {
            return ProviderStatus.down("no MariaDB server at " + settings.serverBinary()
                    + " (apt-get install mariadb-server, or set binary.directory)");
        }
        if (settings.installBinary().isEmpty()) {
            return ProviderStatus.degraded("no " + Settings.INSTALL_BINARY + " near " + settings.binaryDirectory()
                    + ": existing servers run, new ones cannot be initialised");
        }
        Map<String, String> failures = servers.failures();
        if (!failures.isEmpty()) {
            return ProviderStatus.degraded(failures.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue()).collect(Collectors.joining("; ")));
        }
        return ProviderStatus.up();
    }

    @Override
    public ServerStatus ensureServer(ServerSpec server) {
        if (server == null) {
            throw new ProviderException("no server given", false);
        }
        String name = Names.server(server.name());
        InetAddress address = Names.address(server.address());
        int port = Names.port(server.port());
        return usable().servers.ensure(name, address, server.address(), port);
    }

    @Override
    public void ensureDatabase(String server, DatabaseSpec database, Secret password) {
        checked(server, database);
        HostRange range = HostRange.parse(database.allowedCidr());
        String secret = reveal(password);
        usable().servers.withAdmin(server, "ensuring database " + database.database() + " for user "
                + database.user() + " on mysql server " + server, a -> {
                    a.ensure(database, range, secret);
                    return null;
                }, secret);
        LOG.info("mysql server {}: database {} for user {} from {}", server, database.database(), database.user(),
                range);
    }

    @Override
    public void rotatePassword(String server, String user, Secret password) {
        Names.server(server);
        Names.user(user);
        String secret = reveal(password);
        boolean found = usable().servers.withAdmin(server, "rotating the password of user " + user
                + " on mysql server " + server, a -> a.rotate(user, secret), secret);
        if (!found) {
            throw new ProviderException("rotating the password of user " + user + " on mysql server " + server
                    + ": there is no such user", false);
        }
        LOG.info("mysql server {}: new password for user {}", server, user);
    }

    @Override
    public void dropDatabase(String server, DatabaseSpec database) {
        checked(server, database);
        Servers s = usable().servers;
        if (!s.initialised(server)) {
            return;
        }
        s.withAdmin(server, "dropping database " + database.database() + " and user " + database.user()
                + " on mysql server " + server, a -> {
                    a.drop(database);
                    return null;
                }, null);
        LOG.info("mysql server {}: dropped database {} and user {}", server, database.database(), database.user());
    }

    @Override
    public void removeServer(String server, boolean deleteData) {
        usable().servers.remove(Names.server(server), deleteData);
    }

    @Override
    public List<ServerStatus> servers() {
        return usable().servers.list();
    }

    private static void checked(String server, DatabaseSpec database) {
        Names.server(server);
        if (database == null) {
            throw new ProviderException("no database given", false);
        }
        Names.user(database.user());
        Names.database(database.database());
    }

    private static String reveal(Secret password) {
        if (password == null) {
            throw new ProviderException("no password given", false);
        }
        char[] c = password.reveal();
        try {
            if (c.length == 0) {
                throw new ProviderException("the password is empty", false);
            }
            for (char ch : c) {
                if (ch == 0) {
                    throw new ProviderException("the password contains a NUL character", false);
                }
            }
            return new String(c);
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    private MysqlProvisioner usable() {
        if (unusable != null) {
            throw new ProviderException("the mysql provisioner cannot work: " + unusable, false);
        }
        return this;
    }
}

package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

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
 * The {@code postgresql} database provisioner: PostgreSQL servers from the Debian binaries, one directory
 * each under the data directory, run as the OS user and detached from Karaf, so that they outlive this
 * component and the JVM; the next {@link #ensureServer} adopts them. Every operation validates its input
 * first, takes the server's lock, and blocks at most the configured timeout.
 */
@Component(
        service = DatabaseProvisioner.class,
        property = "atoll.provider=postgresql",
        configurationPid = PostgresqlProvisioner.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PostgresqlConfig.class)
public final class PostgresqlProvisioner implements DatabaseProvisioner {

    static final String PID = "org.atoll.database.postgresql";
    static final String NAME = "postgresql";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresqlProvisioner.class);
    /** One lock per server directory, shared by every provider object of this JVM (a config change makes a new one). */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Settings settings;
    private final ProviderInfo info;
    private final String unusable;
    private final OsFiles files;
    private final Admin admin;
    private final Lifecycle lifecycle;
    private final Databases databases;

    @Activate
    public PostgresqlProvisioner(BundleContext context, PostgresqlConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    PostgresqlProvisioner(String version, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ProviderInfo(NAME, version, "PostgreSQL servers from " + settings.binDirectory());
        this.unusable = settings.valid() ? null
                : "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
        this.files = new OsFiles(settings.osUser());
        this.admin = new Admin(settings.osUser(), (int) settings.timeout().toSeconds());
        HbaFile hba = new HbaFile(files, admin);
        this.lifecycle = new Lifecycle(settings, new Commands(settings.osUser()), files, admin, hba);
        this.databases = new Databases(files, admin, hba);
        if (unusable != null) {
            LOG.warn("PostgreSQL provisioner unusable: {}", unusable);
        }
    }

    /** Servers keep running: only the driver's DriverManager entry goes, so that no JDK registry pins this bundle. */
    @Deactivate
    void close() {
        try {
            if (org.postgresql.Driver.isRegistered()) {
                org.postgresql.Driver.deregister();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("pgJDBC deregistration: {}", e.toString());
        }
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
        return "postgresql";
    }

    @Override
    public ProviderStatus status() {
        if (unusable != null) {
            return ProviderStatus.down(unusable);
        }
        Path postgres = settings.binary("postgres");
        if (!Files.isExecutable(postgres) || !Files.isExecutable(settings.binary("initdb"))) {
            return ProviderStatus.down(postgres + " or initdb is missing: apt-get install postgresql-15");
        }
        String me = System.getProperty("user.name");
        if (!me.equals("root") && !me.equals(settings.osUser())) {
            return ProviderStatus.down("Karaf runs as " + me + ": running servers as " + settings.osUser()
                    + " needs root (runuser)");
        }
        return ProviderStatus.up();
    }

    @Override
    public ServerStatus ensureServer(ServerSpec server) {
        Objects.requireNonNull(server, "server");
        ServerDir dir = dir(server.name());
        ServerDir.Started wanted = new ServerDir.Started(Names.address(server.address()), Names.port(server.port()),
                server.node() == null ? "" : server.node());
        Deadline deadline = Deadline.in(settings.timeout());
        return locked(dir, deadline, () -> lifecycle.ensure(dir, wanted, deadline));
    }

    @Override
    public void ensureDatabase(String server, DatabaseSpec database, Secret password) {
        Objects.requireNonNull(database, "database");
        ServerDir dir = dir(server);
        Grant grant = new Grant(Names.database(database.database()), Names.user(database.user(), settings.osUser()),
                Cidr.parse(database.allowedCidr()));
        char[] pw = Names.password(password);
        try {
            Deadline deadline = Deadline.in(settings.timeout());
            locked(dir, deadline, () -> {
                databases.ensure(dir, runningPort(dir), grant, pw, deadline);
                return null;
            });
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    @Override
    public void rotatePassword(String server, String user, Secret password) {
        ServerDir dir = dir(server);
        String u = Names.user(user, settings.osUser());
        char[] pw = Names.password(password);
        try {
            Deadline deadline = Deadline.in(settings.timeout());
            locked(dir, deadline, () -> {
                databases.rotate(dir, runningPort(dir), u, pw);
                return null;
            });
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    @Override
    public void dropDatabase(String server, DatabaseSpec database) {
        Objects.requireNonNull(database, "database");
        ServerDir dir = dir(server);
        String db = Names.database(database.database());
        String user = Names.user(database.user(), settings.osUser());
        if (!dir.initialised()) {
            return;
        }
        Deadline deadline = Deadline.in(settings.timeout());
        locked(dir, deadline, () -> {
            databases.drop(dir, runningPort(dir), db, user, deadline);
            return null;
        });
    }

    @Override
    public void removeServer(String server, boolean deleteData) {
        ServerDir dir = dir(server);
        if (!dir.exists()) {
            return;
        }
        locked(dir, Deadline.in(settings.timeout()), () -> {
            lifecycle.stop(dir);
            if (deleteData) {
                OsFiles.deleteTree(dir.root());
                LOG.info("PostgreSQL server {}: directory {} deleted", dir.name(), dir.root());
            }
            return null;
        });
    }

    @Override
    public List<ServerStatus> servers() {
        usable();
        List<ServerStatus> out = new ArrayList<>();
        if (!Files.isDirectory(settings.dataDirectory())) {
            return out;
        }
        try (Stream<Path> s = Files.list(settings.dataDirectory())) {
            s.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).forEach(p -> {
                String name = p.getFileName().toString();
                try {
                    Names.server(name);
                } catch (ProviderException e) {
                    return;
                }
                ServerDir dir = new ServerDir(name, p);
                if (Files.exists(dir.data()) || Files.exists(dir.properties())) {
                    out.add(Probes.inspect(dir));
                }
            });
        } catch (IOException e) {
            throw Failures.io("cannot list " + settings.dataDirectory(), e);
        }
        return out;
    }

    private ServerDir dir(String server) {
        usable();
        String name = Names.server(server);
        return new ServerDir(name, settings.dataDirectory().resolve(name));
    }

    private void usable() {
        if (unusable != null) {
            throw new ProviderException(unusable, false);
        }
    }

    /** The port of the running postmaster; a server that exists but is not running is a retryable failure. */
    private int runningPort(ServerDir dir) {
        if (!dir.initialised()) {
            throw new ProviderException("no PostgreSQL server " + dir.name() + " (ensureServer first)", false);
        }
        Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
        if (pm.isEmpty() || !pm.get().alive() || !pm.get().ready()) {
            throw new ProviderException("PostgreSQL server " + dir.name() + " is not running", true);
        }
        return pm.get().port();
    }

    private interface Action<T> {
        T run() throws IOException, SQLException;
    }

    private static <T> T locked(ServerDir dir, Deadline deadline, Action<T> action) {
        ReentrantLock lock = LOCKS.computeIfAbsent(dir.root(), k -> new ReentrantLock());
        try {
            if (!lock.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new ProviderException("PostgreSQL server " + dir.name() + " is busy with another operation",
                        true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted", true, e);
        }
        try {
            return action.run();
        } catch (SQLException e) {
            throw Failures.sql("PostgreSQL server " + dir.name(), e);
        } catch (IOException e) {
            throw Failures.io("PostgreSQL server " + dir.name(), e);
        } finally {
            lock.unlock();
        }
    }
}

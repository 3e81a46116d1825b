package org.atoll.kernel.internal.database;

import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.api.model.Database;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.deploy.DeployFailedException;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.secret.SecretStore;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.ProviderException;
import org.atoll.spi.database.Secret;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

@Component(service = DatabaseService.class, configurationPid = KernelConfig.PID, immediate = true)
public class DatabaseServiceImpl implements DatabaseService {

    private static final Map<String, Integer> FIRST_PORT = Map.of("mysql", 3306, "postgresql", 5432);
    private static final String MASK = "******";
    /** A retryable failure this many times in a row fails a db-add before its deadline (as deploys do). */
    private static final int GIVE_UP_AFTER = 4;

    private final StateRepository state;
    private final SecretStore secrets;
    private final NodeService nodes;
    private final String defaultAddress;
    private final String defaultCidr;
    private final DatabaseReconciler reconciler;

    @Activate
    public DatabaseServiceImpl(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference NodeService nodes, @Reference SecretStore secrets,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor) {
        this(store, registry, nodes, secrets, executor, config.database_address(), config.database_allowed_cidr(),
                config.node_address());
    }

    public DatabaseServiceImpl(StateStore store, ProviderRegistry registry, NodeService nodes, SecretStore secrets,
            ScheduledExecutorService executor, String address, String cidr, String nodeAddress) {
        this.state = new StateRepository(store);
        this.secrets = secrets;
        this.nodes = nodes;
        Optional<InterfaceAddress> bridge = bridge();
        this.defaultAddress = !address.isEmpty() ? address
                : bridge.map(a -> a.getAddress().getHostAddress()).orElse(nodeAddress);
        this.defaultCidr = !cidr.isEmpty() ? cidr : bridge.map(DatabaseServiceImpl::subnet).orElse(nodeAddress + "/32");
        this.reconciler = new DatabaseReconciler(state, registry, secrets, executor, nodes.localName(),
                Duration.ofSeconds(30));
        reconciler.start();
    }

    @Deactivate
    void deactivate() {
        reconciler.close();
    }

    /** The Docker bridge's address on this host, where containers reach the host. */
    private static Optional<InterfaceAddress> bridge() {
        try {
            NetworkInterface docker0 = NetworkInterface.getByName("docker0");
            if (docker0 == null) {
                return Optional.empty();
            }
            return docker0.getInterfaceAddresses().stream()
                    .filter(a -> a.getAddress() instanceof java.net.Inet4Address).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static String subnet(InterfaceAddress a) {
        byte[] b = a.getAddress().getAddress();
        int bits = a.getNetworkPrefixLength();
        int ip = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        int net = ip & mask;
        return ((net >>> 24) & 0xff) + "." + ((net >>> 16) & 0xff) + "." + ((net >>> 8) & 0xff) + "." + (net & 0xff)
                + "/" + bits;
    }

    @Override
    public String add(String kind, String node, String user, String database, String name, String cidr,
            Secret password, Duration wait) {
        Problems p = new Problems();
        if (!FIRST_PORT.containsKey(kind)) {
            p.add("kind", Names.quote(kind) + " is not a database kind (mysql or postgresql)");
        }
        p.check("node", Names.name(node));
        p.check("user", Names.sqlIdentifier(user));
        p.check("database", Names.sqlIdentifier(database));
        if (name != null) {
            p.check("name", Names.name(name));
        }
        if (cidr != null) {
            p.check("allowed", Names.cidr(cidr));
        }
        if (password != null) {
            p.check("password", password(password));
        }
        p.throwIfAny();
        NodeStatus target = nodes.list().stream().filter(n -> n.node().name().equals(node)).findFirst()
                .orElseThrow(() -> new ValidationException("node", "no node " + Names.quote(node) + " (see atoll:node-list)"));
        List<Database> all = state.list(Keys.DATABASES, Database.class);
        for (Database d : all) {
            if (d.kind().equals(kind) && d.node().equals(node) && d.user().equals(user) && d.database().equals(database)
                    && (name == null || name.equals(d.name()))) {
                if (cidr != null && !cidr.equals(d.allowedCidr())) {
                    throw new ValidationException("allowed", "database " + d.name() + " exists with range "
                            + d.allowedCidr() + "; remove it first to change the range");
                }
                if (password != null && !password.equals(secrets.get(d.secret()).orElse(null))) {
                    throw new ValidationException("password", "database " + d.name()
                            + " exists with another password; change it with db-rotate");
                }
                return "Database " + database + " for user " + user + " exists already on " + node + " as " + d.name()
                        + "; nothing changed.";
            }
        }
        String chosen = name != null ? name : freeName(kind, all);
        if (all.stream().anyMatch(d -> d.name().equals(chosen))) {
            throw new ValidationException("name", "database " + Names.quote(chosen) + " exists already; choose another"
                    + " name with -n");
        }
        String address = target.local() ? defaultAddress : target.node().address();
        Database db = new Database(chosen, kind, node, user, database, cidr != null ? cidr : defaultCidr,
                "db-" + chosen, address, freePort(kind, node, address, all));
        ModelValidator.validate(db);
        secrets.put(db.secret(), password != null ? password : secrets.generate());
        long stored = secretRevision(db);
        boolean added = state.store().commit(Txn.when(Compare.absent(Keys.database(db.name())))
                .then(Op.put(Keys.database(db.name()), Json.write(db)), Op.delete(Keys.databaseRemoval(db.name()))))
                .succeeded();
        if (!added) {
            throw new ValidationException("name", "database " + db.name() + " was added meanwhile");
        }
        reconciler.trigger();
        String what = "Added " + kind + " database " + database + " for user " + user + " on " + node + ": server "
                + db.name() + " at " + db.address() + ":" + db.port() + ", allowed from " + db.allowedCidr() + ".";
        if (target.local() && !wait.isZero()) {
            awaitApplied(db.name(), stored, wait, GIVE_UP_AFTER, "database " + db.name());
        }
        return what + " The password is stored as secret " + db.secret()
                + (password == null ? " (generated; db-list --show-secrets shows it)." : ".");
    }

    private String freeName(String kind, List<Database> all) {
        Set<String> taken = new HashSet<>();
        all.forEach(d -> taken.add(d.name()));
        for (int n = 1;; n++) {
            if (!taken.contains(kind + "-" + n)) {
                return kind + "-" + n;
            }
        }
    }

    private static int freePort(String kind, String node, String address, List<Database> all) {
        Set<Integer> used = new HashSet<>();
        all.stream().filter(d -> d.node().equals(node)).forEach(d -> used.add(d.port()));
        int port = FIRST_PORT.get(kind);
        // the plugins also listen on 127.0.0.1 for their own administration
        while (used.contains(port) || !bindable(address, port) || !bindable("127.0.0.1", port)) {
            port++;
        }
        return port;
    }

    private static boolean bindable(String address, int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(address, port));
            return true;
        } catch (java.io.IOException e) {
            return !(e instanceof java.net.BindException) || !e.getMessage().contains("in use");
        }
    }

    /**
     * Waits until a pass has made {@code name} ready with the password stored at {@code revision} or
     * later; fails with the reason of a newer failure that is not retryable, or that repeated
     * {@code giveUpAfter} times.
     */
    private void awaitApplied(String name, long revision, Duration wait, int giveUpAfter, String what) {
        Instant asked = Instant.now();
        Instant deadline = asked.plus(wait);
        while (true) {
            Optional<DatabaseReconciler.Status> s = reconciler.status(name);
            if (s.isPresent() && s.get().ready() && s.get().secretRevision() >= revision) {
                return;
            }
            if (s.isPresent() && !s.get().ready() && s.get().at().isAfter(asked)
                    && (!s.get().retryable() || s.get().failures() >= giveUpAfter)) {
                throw new DeployFailedException(name + ": " + s.get().message());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DeployFailedException("timed out after " + wait.toSeconds() + " s waiting for " + what
                        + s.filter(x -> !x.ready()).map(x -> ": " + x.message()).orElse(""));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployFailedException("interrupted while waiting for " + what);
            }
        }
    }

    private long secretRevision(Database d) {
        return state.store().get(Keys.secret(d.secret())).map(kv -> kv.modRevision()).orElse(0L);
    }

    private static String password(Secret secret) {
        char[] v = secret.reveal();
        try {
            if (v.length < 8 || v.length > 128) {
                return "must be 8 to 128 characters long";
            }
            for (char c : v) {
                if (c < 0x21 || c > 0x7e) {
                    return "may only contain printable ASCII characters without spaces";
                }
            }
            return null;
        } finally {
            java.util.Arrays.fill(v, '\0');
        }
    }

    @Override
    public List<DatabaseView> list(boolean reveal) {
        List<DatabaseView> out = new ArrayList<>();
        for (Database d : state.list(Keys.DATABASES, Database.class)) {
            String st;
            String message = "";
            if (!d.node().equals(nodes.localName())) {
                st = "remote";
            } else {
                Optional<DatabaseReconciler.Status> s = reconciler.status(d.name());
                st = s.map(x -> x.ready() ? "ready" : x.retryable() ? "pending" : "failed").orElse("pending");
                message = s.map(DatabaseReconciler.Status::message).orElse("");
            }
            String password = MASK;
            if (reveal) {
                password = secrets.get(d.secret()).map(x -> new String(x.reveal())).orElse("(missing)");
            }
            out.add(new DatabaseView(d, st, message, password));
        }
        out.sort(Comparator.comparing(v -> v.database().name()));
        return out;
    }

    @Override
    public String remove(String name, boolean deleteData) {
        Database d = existing(name);
        state.store().commit(Txn.of(Op.delete(Keys.database(name)), Op.delete(Keys.secret(d.secret())),
                Op.put(Keys.databaseRemoval(name), Json.write(new DatabaseReconciler.Removal(name, d.kind(), d.node(),
                        deleteData)))));
        reconciler.trigger();
        return "Removed database " + name + "; its server stops" + (deleteData ? " and its data is deleted."
                : ", its data is kept (remove it with db-remove --delete-data after adding it again, or by hand).");
    }

    @Override
    public String rotate(String name, Secret password, Duration wait) {
        Database d = existing(name);
        if (password != null) {
            String problem = password(password);
            if (problem != null) {
                throw new ValidationException("password", problem);
            }
        }
        secrets.put(d.secret(), password != null ? password : secrets.generate());
        long stored = secretRevision(d);
        reconciler.trigger();
        if (d.node().equals(nodes.localName()) && !wait.isZero()) {
            awaitApplied(name, stored, wait, Integer.MAX_VALUE, name + " to take the new password");
        }
        return "Rotated the password of user " + d.user() + " on " + name + "; instances created from now on get the"
                + " new one.";
    }

    private Database existing(String name) {
        String problem = Names.name(name);
        if (problem != null) {
            throw new ValidationException("name", problem);
        }
        return state.get(Keys.database(name), Database.class)
                .orElseThrow(() -> new ValidationException("name", "no database " + Names.quote(name)
                        + " (see atoll:db-list)"));
    }

    @Override
    public String declare(String deployment, org.atoll.api.model.DatabaseRef ref) {
        String name = DatabaseService.nameOf(deployment, ref);
        Optional<Database> existing = state.get(Keys.database(name), Database.class);
        if (existing.isPresent()) {
            if (!existing.get().kind().equals(ref.kind())) {
                throw new ValidationException("database", "database " + name + " exists as " + existing.get().kind()
                        + ", not " + ref.kind());
            }
            return name;
        }
        add(ref.kind(), nodes.localName(), ref.name(), ref.name(), name, null, null, Duration.ZERO);
        return name;
    }

    @Override
    public List<String> names() {
        return state.store().list(Keys.DATABASES).stream().map(kv -> Keys.leaf(kv.key())).toList();
    }

    @Override
    public Map<String, String> environment(String name) {
        Database d = state.get(Keys.database(name), Database.class)
                .orElseThrow(() -> new ProviderException("waiting for database " + name + " to be added", true));
        if (d.node().equals(nodes.localName())
                && !reconciler.status(name).map(DatabaseReconciler.Status::ready).orElse(false)) {
            throw new ProviderException("waiting for database " + name + " to be ready", true);
        }
        Secret secret = secrets.get(d.secret())
                .orElseThrow(() -> new ProviderException("the secret of database " + name + " is missing", false));
        String password = new String(secret.reveal());
        String host = d.address().indexOf(':') >= 0 ? "[" + d.address() + "]" : d.address();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", d.kind() + "://" + d.user() + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@" + host + ":" + d.port() + "/" + d.database());
        env.put("DATABASE_HOST", d.address());
        env.put("DATABASE_PORT", Integer.toString(d.port()));
        env.put("DATABASE_NAME", d.database());
        env.put("DATABASE_USER", d.user());
        env.put("DATABASE_PASSWORD", password);
        return env;
    }
}

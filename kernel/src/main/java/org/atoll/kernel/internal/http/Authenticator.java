package org.atoll.kernel.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * Logs users in against a JAAS realm (Karaf's {@code karaf} realm: etc/users.properties by default) and
 * answers their roles. A successful login is remembered for a few seconds under a digest of the
 * credentials, so that a client sending many requests does not run the login modules for each; a
 * password change or a removed user takes effect when that time has passed. Clear passwords are kept
 * nowhere.
 */
public class Authenticator {

    /** The roles of a user who could log in. */
    public record Login(String user, Set<String> roles) {
    }

    @FunctionalInterface
    public interface Realm {
        /** The roles of {@code user}, or null when the user or password is wrong. */
        Set<String> login(String user, char[] password);
    }

    private record Cached(Login login, long until) {
    }

    private static final int MAX_CACHED = 1024;

    private final Realm realm;
    private final long rememberNanos;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new HashMap<>();

    public Authenticator(Realm realm, long rememberNanos, LongSupplier clock) {
        this.realm = realm;
        this.rememberNanos = rememberNanos;
        this.clock = clock;
    }

    /** The realm {@code name} of the JAAS configuration the container installed (Karaf's). */
    public static Realm jaas(String name) {
        return (user, password) -> {
            Subject subject = new Subject();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // LoginContext loads the login module through the context class loader; Karaf's proxy module
            // lives on the boot class path, which a request thread's loader need not see.
            thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
            try {
                LoginContext context = new LoginContext(name, subject, callbacks -> {
                    for (var callback : callbacks) {
                        if (callback instanceof NameCallback n) {
                            n.setName(user);
                        } else if (callback instanceof PasswordCallback p) {
                            p.setPassword(password);
                        } else {
                            throw new UnsupportedCallbackException(callback);
                        }
                    }
                });
                context.login();
                Set<String> roles = new TreeSet<>();
                for (Principal p : subject.getPrincipals(RolePrincipal.class)) {
                    roles.add(p.getName());
                }
                context.logout();
                return roles;
            } catch (LoginException e) {
                return null;
            } finally {
                thread.setContextClassLoader(previous);
            }
        };
    }

    /** The login of {@code user} with {@code password}, or null when they are wrong. */
    public Login login(String user, String password) {
        String key = digest(user, password);
        long now = clock.getAsLong();
        synchronized (cache) {
            Cached c = cache.get(key);
            if (c != null && now - c.until() < 0) {
                return c.login();
            }
        }
        Set<String> roles = realm.login(user, password.toCharArray());
        if (roles == null) {
            synchronized (cache) {
                cache.remove(key);
            }
            return null;
        }
        Login login = new Login(user, Set.copyOf(roles));
        synchronized (cache) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, new Cached(login, now + rememberNanos));
        }
        return login;
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(user.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            byte[] hash = md.digest(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

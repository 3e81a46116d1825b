package org.atoll.plugin.mysql.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;

import org.mariadb.jdbc.util.log.Loggers;

/**
 * The embedded Connector/J, used directly (never through {@link DriverManager}, whose registry would pin
 * this bundle's class loader). The driver's own logging is switched off before any of its classes is
 * loaded: at TRACE it dumps every packet, statements with passwords included.
 */
final class Jdbc {

    private static final String NO_LOGGING = "mariadb.logging.disable";
    private static final Driver DRIVER;

    static {
        synchronized (System.getProperties()) {
            String before = System.getProperty(NO_LOGGING);
            System.setProperty(NO_LOGGING, "true");
            try {
                Loggers.init();
            } finally {
                if (before == null) {
                    System.clearProperty(NO_LOGGING);
                } else {
                    System.setProperty(NO_LOGGING, before);
                }
            }
        }
        DRIVER = new org.mariadb.jdbc.Driver();
    }

    private Jdbc() {
    }

    /** Loads the driver (with its logging off) now rather than on first use. */
    static void load() {
        // the static initialiser does the work
    }

    /**
     * A connection over TCP to 127.0.0.1:{@code port}. The password travels in the properties, never in
     * the URL (which the driver may quote in its messages). Statements are prepared on the client: the
     * driver escapes every parameter into the text, so they work in account statements too.
     */
    static Connection connect(int port, String user, String password, Duration timeout) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Long.toString(Math.min(timeout.toMillis(), 5_000)));
        p.setProperty("socketTimeout", Long.toString(timeout.toMillis()));
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("sslMode", "disable");
        Connection c = DRIVER.connect("jdbc:mariadb://" + Admin.HOST + ":" + port + "/", p);
        if (c == null) {
            throw new SQLException("the MariaDB driver refused its own URL");
        }
        return c;
    }

    /** Takes the instance the driver registered itself with out of {@link DriverManager}. */
    static void unregister() {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass() == org.mariadb.jdbc.Driver.class) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException | SecurityException e) {
                    // nothing holds on to it but DriverManager; best effort
                }
            }
        }
    }
}

package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.database.ServerSpec;
import org.junit.jupiter.api.Test;

/** Configuration: defaults, the karaf.data / tmpdir fallback, invalid values, and the shipped cfg file. */
class SettingsTest {

    @Test
    void defaultsLiveUnderKarafDataOrTheTemporaryDirectory() {
        Settings inKaraf = Settings.of("", "", "", 30, "/opt/karaf/data", "/tmp");
        assertTrue(inKaraf.valid(), inKaraf.problems().toString());
        assertEquals(Path.of("/opt/karaf/data/atoll/postgresql"), inKaraf.dataDirectory());
        assertEquals(Path.of("/usr/lib/postgresql/15/bin"), inKaraf.binDirectory());
        assertEquals("postgres", inKaraf.osUser());
        assertEquals(Duration.ofSeconds(30), inKaraf.timeout());
        assertEquals(Path.of("/var/tmp/atoll/postgresql"),
                Settings.of(" ", null, null, 5, null, "/var/tmp").dataDirectory());
        assertEquals(Path.of("/srv/pg"),
                Settings.of("/srv/pg/", "/usr/lib/postgresql/15/bin", "postgres", 5, "/k", "/t").dataDirectory());
    }

    @Test
    void invalidValuesMakeTheProviderDownAndRefuseEverything() {
        Settings bad = Settings.of("relative/dir", "bin", "root", 0, null, "/tmp");
        assertEquals(4, bad.problems().size(), bad.problems().toString());
        assertFalse(Settings.of("", "", "Post Gres", 30, null, "/tmp").valid());
        assertFalse(Settings.of("", "", "pg-user", 30, null, "/tmp").valid(), "not usable as a role name");
        assertFalse(Settings.of("", "", "", 3601, null, "/tmp").valid());

        PostgresqlProvisioner p = new PostgresqlProvisioner("test", bad);
        ProviderStatus status = p.status();
        assertEquals(ProviderStatus.State.DOWN, status.state());
        assertTrue(status.message().contains("timeout.seconds"), status.message());
        ProviderException e = assertThrows(ProviderException.class,
                () -> p.ensureServer(new ServerSpec("a", "n", "127.0.0.1", 45432)));
        assertFalse(e.retryable());
        assertThrows(ProviderException.class, p::servers);
    }

    @Test
    void missingBinariesMakeTheProviderDown() {
        PostgresqlProvisioner p = new PostgresqlProvisioner("test",
                Settings.of("/tmp/atoll-none", "/nonexistent/bin", "postgres", 5, null, "/tmp"));
        assertEquals(ProviderStatus.State.DOWN, p.status().state());
        assertTrue(p.status().message().contains("apt-get install postgresql"), p.status().message());
        assertEquals(List.of(), p.servers());
    }

    @Test
    void theShippedCfgFileHoldsTheDefaults() throws Exception {
        Properties cfg = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/cfg/org.atoll.database.postgresql.cfg"))) {
            cfg.load(in);
        }
        assertEquals(4, cfg.size(), cfg.toString());
        Settings s = Settings.of(cfg.getProperty("data.directory"), cfg.getProperty("binary.directory"),
                cfg.getProperty("os.user"), Integer.parseInt(cfg.getProperty("timeout.seconds")), "/k", "/t");
        assertEquals(Settings.of("", "", "", Settings.DEFAULT_TIMEOUT_SECONDS, "/k", "/t"), s);
    }
}

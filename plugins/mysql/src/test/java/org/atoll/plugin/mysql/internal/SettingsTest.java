package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.junit.jupiter.api.Test;

/** The configuration: defaults, refusals, and what a provider with a bad one does. */
class SettingsTest {

    @Test
    void defaultsUseKarafDataOrTheTemporaryDirectory() {
        String before = System.getProperty("karaf.data");
        try {
            System.clearProperty("karaf.data");
            Settings s = Settings.defaults();
            assertTrue(s.valid(), s.problems().toString());
            assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "atoll", "mysql"), s.dataDirectory());
            assertEquals(Path.of("/usr/sbin/mariadbd"), s.serverBinary());
            assertEquals(Duration.ofSeconds(30), s.timeout());
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/atoll/mysql"), Settings.defaults().dataDirectory());
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void theInstallerIsFoundBesideOrNextToTheServer() {
        MariaDb.requireBinaries();
        assertTrue(Settings.of("/tmp/x", MariaDb.BINARIES.toString(), 30, "").installBinary().isPresent());
        assertEquals(Path.of("/usr"), Settings.of("/tmp/x", "/usr/sbin", 30, "").baseDirectory());
    }

    @Test
    void badValuesAreProblemsNotExceptions() {
        Settings s = Settings.of("relative/dir", "bin", 0, "mariadb:10.11");
        assertFalse(s.valid());
        assertEquals(4, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("not supported yet")));
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("timeout.seconds")));
    }

    @Test
    void aBadConfigurationMakesTheProviderDownAndEveryCallFailPermanently() {
        MysqlProvisioner p = new MysqlProvisioner("0", Settings.of("", "/usr/sbin", 30, "some/image"));
        assertEquals(ProviderStatus.State.DOWN, p.status().state());
        assertTrue(p.status().message().contains("image"), p.status().message());
        ProviderException e = assertThrows(ProviderException.class, p::servers);
        assertFalse(e.retryable());
        assertEquals("mysql", p.info().name());
    }

    @Test
    void missingBinariesMakeTheProviderDownWithTheInstallHint() {
        MysqlProvisioner p = new MysqlProvisioner("0", Settings.of("/tmp/atoll-mysql-none", "/nonexistent/sbin", 30,
                ""));
        assertEquals(ProviderStatus.State.DOWN, p.status().state());
        assertTrue(p.status().message().contains("apt-get install mariadb-server"), p.status().message());
        ProviderException e = assertThrows(ProviderException.class,
                () -> p.ensureServer(MariaDb.loopback("nobin", 3306)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("apt-get install mariadb-server"), e.getMessage());
    }
}

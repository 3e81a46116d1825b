package org.atoll.plugin.consul.internal;

import static org.atoll.plugin.consul.internal.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration validation and Go durations; no Consul, real or mocked, is involved. */
class ConsulConfigurationTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.from(config(Map.of()));
        assertEquals(List.of(), s.problems());
        assertEquals(8500, s.port());
        assertEquals("", s.datacenter());
        assertEquals("", s.token());
        assertEquals(Duration.ofSeconds(5), s.requestTimeout());
        assertEquals(Duration.ofSeconds(10), s.checkInterval());
        assertEquals(Duration.ofSeconds(2), s.checkTimeout());
        assertEquals(Duration.ofSeconds(15), s.aliveTtl());
        assertEquals("1m", s.deregisterAfter());
        assertEquals("hashicorp/consul:1.20", s.image());
    }

    @Test
    void everyProblemIsNamedAndTheProviderIsDownWithoutThrowing() {
        Settings s = Settings.of(0, "east coast", "bad token", 0, 0, 0, 0, "30s", "no spaces please");
        assertEquals(List.of(
                "port must be between 1 and 65535, not 0",
                "datacenter 'east coast' may only hold letters, digits, '-' and '_' (at most 64)",
                ".token holds spaces or control characters (its value is not shown)",
                "request.timeout.seconds must be at least 1, not 0",
                "check.interval.seconds must be at least 1, not 0",
                "check.timeout.seconds must be at least 1, not 0",
                "alive.ttl.seconds must be at least 1, not 0",
                "deregister.critical.after '30s' is below Consul's minimum of 1m",
                "image 'no spaces please' is not an image reference"), s.problems());
        ConsulDiscoveryProvider p = new ConsulDiscoveryProvider("1", s);
        try {
            ProviderStatus status = p.status();
            assertEquals(ProviderStatus.State.DOWN, status.state());
            assertTrue(status.message().startsWith("invalid configuration org.atoll.discovery.consul: port must"),
                    status.message());
            assertFalse(status.message().contains("bad token"));
            ProviderException e = assertThrows(ProviderException.class, () -> p.resolve("web"));
            assertTrue(e.getMessage().contains("invalid configuration"), e.getMessage());
            p.connect(List.of());
            assertEquals(status, p.status(), "the configuration problem stays the reason");
        } finally {
            p.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "90s", "2h", "1h30m", "1.5m", "60000ms"})
    void deregisterAfterTakesGoDurationsOfAtLeastAMinute(String value) {
        assertEquals(List.of(), settings(value).problems());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "-1m", "1 m", "1d", "59s", "m", "1m-"})
    void deregisterAfterRefusesEverythingElse(String value) {
        assertFalse(settings(value).valid(), value);
    }

    @Test
    void valuesTheFrameworkCannotConvertAreProblemsThatDoNotQuoteThem() {
        Settings s = Settings.from(config(Map.of(
                "port", new IllegalArgumentException(new NumberFormatException("For input string: \"http\"")),
                "_token", new IllegalStateException("s3cret"))));
        assertEquals(List.of("port must be a whole number", ".token cannot be read"), s.problems());
        assertFalse(s.toString().contains("s3cret"));
    }

    @Test
    void theTokenIsNeverShownByToString() {
        Settings s = Settings.from(config(Map.of("_token", "abc-123-secret")));
        assertEquals("abc-123-secret", s.token());
        assertFalse(s.toString().contains("abc-123-secret"), s.toString());
        assertTrue(s.toString().contains("token=(set)"));
    }

    @Test
    void goDurationsParseAndFormatAsConsulWritesThem() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), GoDuration.parse("1m30s"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), GoDuration.parse("1m0s"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), GoDuration.parse("1.5s"));
        assertEquals(Optional.of(Duration.ofMillis(500)), GoDuration.parse("500ms"));
        assertEquals(Optional.of(Duration.ZERO), GoDuration.parse("0s"));
        assertEquals(Optional.of(Duration.ofNanos(1500)), GoDuration.parse("1.5µs"));
        assertEquals(Optional.empty(), GoDuration.parse("1.5"));
        assertEquals("10s", GoDuration.format(Duration.ofSeconds(10)));
        assertEquals("1500ms", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("1m0s", MockConsulDecoder.goString(Duration.ofMinutes(1)));
        assertEquals("1.5s", MockConsulDecoder.goString(Duration.ofMillis(1500)));
    }

    @Test
    void registryUrlsRefuseUserInfoAndOddSchemes() {
        assertEquals("http://10.0.0.5:8500", url(null, "10.0.0.5"));
        assertEquals("http://[fd00::5]:8500", url(null, "fd00::5"));
        assertEquals("https://consul.example:8501/prefix", url("https://consul.example:8501/prefix/", null));
        for (String bad : List.of("ftp://h:1", "http://user:pw@h:8500", "http://h:8500/?x=1", "h:8500", "::")) {
            RegistryUrls.Result r = RegistryUrls.of(new org.atoll.api.model.Registry("r", "consul", null, null, bad), 8500);
            assertEquals(null, r.base(), bad);
            assertFalse(r.problem().contains("pw@"), r.problem());
        }
    }

    private static String url(String external, String address) {
        return RegistryUrls.of(new org.atoll.api.model.Registry("r", "consul", "n", address, external), 8500)
                .base().toString();
    }

    private static Settings settings(String deregisterAfter) {
        return Settings.of(8500, "", "", 5, 10, 2, 15, deregisterAfter, Settings.DEFAULT_IMAGE);
    }
}

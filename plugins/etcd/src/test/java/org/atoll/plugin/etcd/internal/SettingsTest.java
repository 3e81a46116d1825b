package org.atoll.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Configuration defaults and validation. */
class SettingsTest {

    @Test
    void defaultsWorkWithoutAConfigurationFile() {
        Settings s = Settings.from(config("/services", 10, 5, 10, 2, "atoll/etcd:3.4.23", 2379, 2380));
        assertTrue(s.valid(), s.problems().toString());
        assertEquals(Settings.defaults(), s);
        assertEquals(Duration.ofSeconds(10), s.leaseTtl());
        assertEquals(Duration.ofSeconds(5), s.requestTimeout());
        assertEquals(Duration.ofSeconds(10), s.checkInterval());
        assertEquals(Duration.ofSeconds(2), s.checkTimeout());
        assertEquals("atoll/etcd:3.4.23", s.image());
    }

    @Test
    void badValuesAreReportedOneByOne() {
        Settings s = Settings.of("/services/", 1, 0, 0, 0, "bad image", 0, 0);
        assertFalse(s.valid());
        List<String> p = s.problems();
        assertEquals(9, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("prefix '/services/'"), p.get(0));
        assertTrue(p.contains("lease.ttl.seconds must be at least 2, not 1"), p.toString());
    }

    @Test
    void prefixesMustBeAbsoluteKeyPaths() {
        for (String ok : List.of("/services", "/a/b-c/d_e.f")) {
            assertTrue(Settings.of(ok, 10, 5, 10, 2, "x", 1, 2).valid(), ok);
        }
        for (String bad : List.of("", "/", "services", "/services/", "//x", "/a b", "/a/../b", "/a/.")) {
            assertFalse(Settings.of(bad, 10, 5, 10, 2, "x", 1, 2).valid(), bad);
        }
    }

    @Test
    void aValueTheFrameworkCannotConvertIsAProblem() {
        EtcdConfig broken = new EtcdConfigStub("/services") {
            @Override
            public int lease_ttl_seconds() {
                throw new IllegalArgumentException(new NumberFormatException("For input string: \"ten\""));
            }
        };
        Settings s = Settings.from(broken);
        assertFalse(s.valid());
        assertTrue(s.problems().get(0).startsWith("lease.ttl.seconds must be a whole number"), s.problems().toString());
    }

    static EtcdConfig config(String prefix, int ttl, int request, int interval, int timeout, String image, int cp,
            int pp) {
        return new EtcdConfigStub(prefix) {
            @Override
            public int lease_ttl_seconds() {
                return ttl;
            }

            @Override
            public int request_timeout_seconds() {
                return request;
            }

            @Override
            public int check_interval_seconds() {
                return interval;
            }

            @Override
            public int check_timeout_seconds() {
                return timeout;
            }

            @Override
            public String image() {
                return image;
            }

            @Override
            public int client_port() {
                return cp;
            }

            @Override
            public int peer_port() {
                return pp;
            }
        };
    }

    private static class EtcdConfigStub implements EtcdConfig {
        private final String prefix;

        EtcdConfigStub(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return EtcdConfig.class;
        }

        @Override
        public String prefix() {
            return prefix;
        }

        @Override
        public int lease_ttl_seconds() {
            return 10;
        }

        @Override
        public int request_timeout_seconds() {
            return 5;
        }

        @Override
        public int check_interval_seconds() {
            return 10;
        }

        @Override
        public int check_timeout_seconds() {
            return 2;
        }

        @Override
        public String image() {
            return Settings.DEFAULT_IMAGE;
        }

        @Override
        public int client_port() {
            return 2379;
        }

        @Override
        public int peer_port() {
            return 2380;
        }
    }
}

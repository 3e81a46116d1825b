package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.atoll.spi.database.Secret;
import org.junit.jupiter.api.Test;

/** pg_hba.conf rendering, range normalisation, the record file, and SCRAM verifier matching. */
class HbaTest {

    @Test
    void rendersTheSuperuserLinesAndOneQuotedLinePerDatabase() {
        String hba = Hba.render("s1", "postgres", List.of(
                new Grant("all", "replication", Cidr.parse("10.0.0.0/24")),
                new Grant("shop", "shop_user", Cidr.parse("10.1.2.3/16"))));
        List<String> rules = hba.lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of(
                "local  all  \"postgres\"  peer",
                "host  all  \"postgres\"  127.0.0.1/32  scram-sha-256",
                "host  \"all\"  \"replication\"  10.0.0.0/24  scram-sha-256",
                "host  \"shop\"  \"shop_user\"  10.1.0.0/16  scram-sha-256"), rules);
    }

    @Test
    void rangesAreNormalisedToTheirNetwork() {
        assertEquals("10.77.51.128/25", Cidr.parse("10.77.51.130/25").toString());
        assertEquals("0.0.0.0/0", Cidr.parse("1.2.3.4/0").toString());
        assertEquals("192.168.1.7/32", Cidr.parse("192.168.1.7/32").toString());
        assertEquals("fd00:0:0:0:0:0:0:0/8", Cidr.parse("fd12::1/8").toString());
    }

    @Test
    void theRecordSurvivesARoundTripAndIgnoresGarbage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("databases");
        Files.writeString(file, "# comment\nb_db b_user 10.0.0.0/8\na_db a_user 127.0.0.1/32\nbad\"db x 1.2.3.4/32\n"
                + "c_db c_user 10.0.0.0/8 trust\n");
        List<Grant> grants = Grant.read(file);
        assertEquals(List.of(new Grant("a_db", "a_user", Cidr.parse("127.0.0.1/32")),
                new Grant("b_db", "b_user", Cidr.parse("10.0.0.0/8"))), grants);
        assertEquals(List.of(new Grant("b_db", "b_user", Cidr.parse("10.0.0.0/8"))), Grant.with(grants, "a_db", null));
    }

    @Test
    void aVerifierMatchesOnlyItsPassword() {
        String v = org.postgresql.util.PasswordUtil.encodeScramSha256("right-Pw".toCharArray());
        assertTrue(Admin.matches(v, Secret.of("right-Pw").reveal()));
        assertFalse(Admin.matches(v, Secret.of("wrong-Pw").reveal()));
        assertFalse(Admin.matches("md5abcdef", Secret.of("right-Pw").reveal()));
        assertFalse(Admin.matches(null, Secret.of("right-Pw").reveal()));
    }
}

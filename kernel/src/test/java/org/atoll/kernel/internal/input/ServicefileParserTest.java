package org.atoll.kernel.internal.input;

import static org.atoll.kernel.internal.input.Inputs.resource;
import static org.atoll.kernel.internal.input.Inputs.servicefile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.validate.Problem;
import org.atoll.kernel.internal.validate.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicefileParserTest {

    @Test
    void theBriefsServicefile() {
        DeclaredServices d = servicefile(resource("Servicefile-brief"));

        assertEquals(Map.of("BRANDING", "Company Ltd."), d.env());
        assertEquals(List.of("redis", "website"), List.copyOf(d.services().keySet()));
        assertEquals(new ServiceSpec("rock77/redis", null, null, null, Map.of("data", "/srv/redis"), null, 1, null,
                null, null), d.services().get("redis"));
        assertEquals(new ServiceSpec("rock77/website", List.of("/bin/runserver"), null, null, null, null, 1, null,
                null, null), d.services().get("website"));
        assertTrue(d.domains().isEmpty());
    }

    @Test
    void everyField() {
        DeclaredServices d = servicefile(resource("Servicefile-full"));

        assertEquals(Map.of("BRANDING", "Company Ltd.", "DEBUG", "true", "WORKERS", "4"), d.env());
        assertEquals(List.of("db", "app", "worker"), List.copyOf(d.services().keySet()));

        ServiceSpec db = d.services().get("db");
        assertEquals(new ServiceSpec("library/postgres:16", null, Map.of("POSTGRES_DB", "app"),
                List.of(PortSpec.tcp(5432)), Map.of("data", "/var/lib/postgresql/data"), null, 1, null,
                new Resources(2000, 1024), List.of("s1")), db);

        ServiceSpec app = d.services().get("app");
        assertEquals("registry:5000/team/app:1.2", app.image());
        assertEquals(List.of("/bin/app", "--port", "80"), app.cmd());
        assertEquals(3, app.count());
        assertEquals(Map.of("GREETING", "hello world"), app.env());
        assertEquals(List.of(PortSpec.tcp(80), new PortSpec(81, 8080, "tcp"), new PortSpec(9000, 9000, "udp"),
                new PortSpec(443, 8443, "tcp")), app.ports());
        assertEquals(List.of(new LinkSpec("db", 5432, null), new LinkSpec("db", 5432, "DATABASE"),
                new LinkSpec("db", 5432, "PG")), app.links());
        assertEquals(List.of(
                new CheckSpec("alive", "tcp", "80", Duration.ofSeconds(5), Duration.ofSeconds(1)),
                new CheckSpec("ready", "http", "http://localhost:80/health", Duration.ofSeconds(90),
                        Duration.ofMillis(500))), app.checks());
        assertEquals(new Resources(250, 256), app.resources());
        assertEquals(List.of("s1", "s2"), app.nodes());

        ServiceSpec worker = d.services().get("worker");
        assertEquals(List.of("sh", "-c", "exec worker --queue \"jobs\""), worker.cmd());
        assertEquals(0, worker.count());
    }

    @Test
    void domainsWithDigestAuthNeverPrintThePassword() {
        DeclaredServices d = servicefile(resource("Servicefile-full"));

        assertEquals(new Domain("example.org", "example", "app", Map.of()), d.domains().get("example.org"));
        Domain staging = d.domains().get("staging.example.org");
        assertEquals("example-staging", staging.deployment());
        assertEquals("app", staging.service());
        assertEquals(Map.of("internal", "secret"), staging.auth());
        assertFalse(staging.toString().contains("secret"), staging.toString());
        assertTrue(staging.toString().contains("internal"), staging.toString());
        assertFalse(d.toString().contains("secret"), d.toString());
    }

    @Test
    void scalarsKeepTheTextAsWritten() {
        DeclaredServices d = servicefile("""
                Env:
                  NUMBER: 1
                  BOOLEAN: yes
                  FLOAT: 1.50
                  OCTAL_LOOKING: 010
                  DATE: 2024-01-01
                  EMPTY: ""
                  QUOTED: "1"
                  NULL_TEXT: "null"
                web: {image: local/web}
                """);
        assertEquals(Map.of("NUMBER", "1", "BOOLEAN", "yes", "FLOAT", "1.50", "OCTAL_LOOKING", "010",
                "DATE", "2024-01-01", "EMPTY", "", "QUOTED", "1", "NULL_TEXT", "null"), d.env());
    }

    @Test
    void defaultsAndEmptySections() {
        DeclaredServices d = servicefile("""
                Env:
                Domains:
                web:
                  image: local/web
                  env:
                  ports:
                  links: []
                """);
        assertEquals(Map.of(), d.env());
        assertEquals(ServiceSpec.of("local/web", 1), d.services().get("web"));
    }

    @Test
    void recordsWhereEveryFieldWasWritten() {
        DeclaredServices d = servicefile(resource("Servicefile-full"));

        Map<String, SourceLocation> at = d.locations();
        assertEquals(new SourceLocation("Servicefile", 3, 13), at.get("env.BRANDING"));
        assertEquals(new SourceLocation("Servicefile", 14, 1), at.get("services.db"));
        assertEquals(new SourceLocation("Servicefile", 15, 10), at.get("services.db.image"));
        assertEquals(new SourceLocation("Servicefile", 30, 7), at.get("services.app.ports[1].host"));
        assertEquals(new SourceLocation("Servicefile", 32, 30), at.get("services.app.ports[3].host"));
        assertEquals(new SourceLocation("Servicefile", 42, 17), at.get("services.app.checks[1].interval"));
        assertEquals(new SourceLocation("Servicefile", 44, 20), at.get("services.app.resources.cpuMillis"));
    }

    @Test
    void laterProblemsArePlacedInTheFile() {
        DeclaredServices d = servicefile(resource("Servicefile-full"));

        assertEquals("Servicefile:34:7: services.app.links[0].port: db does not publish 5432",
                d.locate(new Problem("services.app.links[0].port", "db does not publish 5432")).toString());
        // a field with no place of its own falls back to its nearest parent's, keeping the full path
        assertEquals("Servicefile:45:3: services.app.nodes[5]: no such node",
                d.locate(new Problem("services.app.nodes[5]", "no such node")).toString());
        assertEquals("Servicefile:2:1: deployment: too many services", // the document starts after the comment
                d.locate(new Problem("deployment", "too many services")).toString());

        InputException e = d.locate(new ValidationException(List.of(
                new Problem("services.worker.count", "b"), new Problem("services.db.image", "a"))));
        assertEquals("Servicefile:15:10: services.db.image: a\nServicefile:50:10: services.worker.count: b",
                e.getMessage());
        assertEquals(List.of(new Problem("services.db.image", "a"), new Problem("services.worker.count", "b")),
                e.problems());
    }

    @Test
    void readsFilesAsStrictUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Servicefile");
        Files.writeString(file, "\uFEFFweb: {image: local/web}\n", StandardCharsets.UTF_8);
        assertEquals(ServiceSpec.of("local/web", 1), ServicefileParser.parse(file).services().get("web"));

        Files.write(file, new byte[] {'w', 'e', 'b', ':', ' ', (byte) 0xC3, (byte) 0x28});
        InputException e = assertThrows(InputException.class, () -> ServicefileParser.parse(file));
        assertEquals("Servicefile:1:1: is not valid UTF-8 text", e.getMessage());

        Files.write(file, new byte[5 * 1024 * 1024]);
        e = assertThrows(InputException.class, () -> ServicefileParser.parse(file));
        assertEquals("Servicefile:1:1: is larger than 1 MiB; refusing to read it", e.getMessage());

        InputException missing = assertThrows(InputException.class,
                () -> ServicefileParser.parse(dir.resolve("nope")));
        assertEquals("nope:1:1: cannot be read (NoSuchFileException)", missing.getMessage());
    }
}

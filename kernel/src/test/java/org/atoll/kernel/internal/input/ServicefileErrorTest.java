package org.atoll.kernel.internal.input;

import static org.atoll.kernel.internal.input.Inputs.assertRefused;
import static org.atoll.kernel.internal.input.Inputs.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.atoll.kernel.internal.validate.Problem;
import org.atoll.kernel.internal.validate.ValidationException;
import org.junit.jupiter.api.Test;

class ServicefileErrorTest {

    private static final String NAME_RULE = " is not a valid name (lower-case letters, digits and '-', 1-63 characters,"
            + " starting with a letter and not ending with '-')";

    @Test
    void aValidationProblemIsPlacedAtTheValue() {
        assertRefused("""
                Env:
                  BRANDING: Company Ltd.

                db:
                  image: library/postgres:16

                web:
                  image: local/web:1
                  cmd: /bin/web --port 8080
                  ports:
                    - 80
                    - container: 80
                      proto: tcp
                      host: 70000
                """,
                "Servicefile:14:13: services.web.ports[1].host: 70000 is not a port (1-65535)");
        assertRefused("""
                web:
                  image: local/web:1
                  ports:
                      - 80
                      - 70000:80
                """,
                "Servicefile:5:9: services.web.ports[1].host: 70000 is not a port (1-65535)");
    }

    @Test
    void everyProblemIsReportedAtOnceInFileOrder() {
        InputException e = refused("""
                Env:
                  bad key: x
                web:
                  imgae: local/web
                  count: many
                  ports: [80, "x:80", {container: 99999}]
                  links: [db:5432, "db"]
                  checks:
                    - {name: up, type: tcp, target: 80, interval: 5}
                  resources: {cpu: 0.0001, memory: 512m}
                  nodes: [s1, S2]
                  volumes: {data: srv}
                """);
        assertEquals(List.of(
                "Servicefile:2:3: env: \"bad key\" is not a valid environment variable name (letters, digits and '_',"
                        + " not starting with a digit, at most 128 characters)",
                "Servicefile:3:1: services.web.image: is required",
                "Servicefile:4:3: services.web.imgae: unknown key; did you mean \"image\"?",
                "Servicefile:5:10: services.web.count: expected a whole number, found \"many\"",
                "Servicefile:6:15: services.web.ports[1]: \"x:80\" is not a port (80, \"8080:80\" or \"8080:80/udp\")",
                "Servicefile:6:35: services.web.ports[2].container: 99999 is not a port (1-65535)",
                "Servicefile:7:11: services.web.links[0].service: \"db\" is not a service in this file",
                "Servicefile:7:20: services.web.links[1]: \"db\" is not a link (\"service:port\" or"
                        + " \"service:port:ALIAS\")",
                "Servicefile:9:51: services.web.checks[0].interval: \"5\" needs a unit: ms, s, m or h"
                        + " (e.g. 500ms, 5s, 1m or 1m30s)",
                "Servicefile:10:20: services.web.resources.cpu: \"0.0001\" is finer than a thousandth of a core (1m)",
                "Servicefile:10:36: services.web.resources.memory: \"512m\" is not a memory size (e.g. 256Mi, 1Gi or"
                        + " 512M; Mi and Gi are powers of 2, M and G of 10)",
                "Servicefile:11:15: services.web.nodes[1]: \"S2\"" + NAME_RULE,
                "Servicefile:12:19: services.web.volumes.data: \"srv\" is not an absolute path (letters, digits and"
                        + " ._@+=,- between '/')"),
                Inputs.lines(e));

        assertEquals(13, e.located().size());
        assertEquals(new InputProblem(new SourceLocation("Servicefile", 4, 3), "services.web.imgae",
                "unknown key; did you mean \"image\"?"), e.located().get(2));
        assertEquals(new Problem("services.web.count", "expected a whole number, found \"many\""), e.problems().get(3));
        assertInstanceOf(ValidationException.class, e);
    }

    @Test
    void unknownKeysSuggestTheClosestKnownOne() {
        assertRefused("""
                web:
                  image: local/web
                  port: [80]
                  enviroment: {}
                  resources: {cpus: 1, mem: 1Gi}
                  checks: [{name: a, type: tcp, target: 80, intervall: 1s}]
                  frobnicate: 1
                """,
                "Servicefile:3:3: services.web.port: unknown key; did you mean \"ports\"?",
                "Servicefile:4:3: services.web.enviroment: unknown key (expected one of: image, cmd, env, ports,"
                        + " volumes, links, count, checks, resources, nodes, network, database)",
                "Servicefile:5:15: services.web.resources.cpus: unknown key; did you mean \"cpu\"?",
                "Servicefile:5:24: services.web.resources.mem: unknown key (expected one of: cpu, memory)",
                "Servicefile:6:45: services.web.checks[0].intervall: unknown key; did you mean \"interval\"?",
                "Servicefile:7:3: services.web.frobnicate: unknown key (expected one of: image, cmd, env, ports,"
                        + " volumes, links, count, checks, resources, nodes, network, database)");
    }

    @Test
    void sectionsAreCapitalisedAndTheirLowerCaseNamesReserved() {
        assertRefused("""
                ENV: {A: b}
                Domain: {}
                env: {A: b}
                domains: {}
                web: {image: local/web}
                """,
                "Servicefile:1:1: ENV: unknown section; did you mean \"Env\"?",
                "Servicefile:2:1: Domain: unknown section; did you mean \"Domains\"?",
                "Servicefile:3:1: env: is reserved; did you mean \"Env\"?",
                "Servicefile:4:1: domains: is reserved; did you mean \"Domains\"?");
    }

    @Test
    void wrongTypesNameTheFieldAndWhatWasExpected() {
        assertRefused("""
                Env: [A, B]
                web:
                  image: [local/web]
                  cmd: {a: b}
                  env: x
                  ports: 80
                  links: {db: 1}
                  checks: [tcp]
                  count: [1]
                  resources: 1
                  nodes: s1
                db: local/db
                cache:
                """,
                "Servicefile:1:6: env: expected a map, found a list",
                "Servicefile:3:10: services.web.image: expected a string, found a list",
                "Servicefile:4:8: services.web.cmd: expected a list, found a map",
                "Servicefile:5:8: services.web.env: expected a map, found \"x\"",
                "Servicefile:6:10: services.web.ports: expected a list, found \"80\"",
                "Servicefile:7:10: services.web.links: expected a list, found a map",
                "Servicefile:8:12: services.web.checks[0]: expected a check ({name:, type: tcp|http, target:,"
                        + " interval:, timeout:}), found \"tcp\"",
                "Servicefile:9:10: services.web.count: expected a string, found a list",
                "Servicefile:10:14: services.web.resources: expected a map, found \"1\"",
                "Servicefile:11:10: services.web.nodes: expected a list, found \"s1\"",
                "Servicefile:12:5: services.db: expected a map of image, cmd, env, ports, …, found \"local/db\"",
                "Servicefile:13:7: services.cache: expected a map of image, cmd, env, ports, …, found nothing");
    }

    @Test
    void requiredPartsOfPortsAndLinks() {
        assertRefused("""
                db: {image: local/db}
                web:
                  image: local/web
                  ports: [{host: 80}, {container: ~}, {container: 80, host: ~}]
                  links: [{service: db}, {service: db, port: ~}, {port: 80}]
                """,
                "Servicefile:4:11: services.web.ports[0].container: is required",
                "Servicefile:4:23: services.web.ports[1].container: is required",
                "Servicefile:5:11: services.web.links[0].port: is required",
                "Servicefile:5:26: services.web.links[1].port: is required",
                "Servicefile:5:50: services.web.links[2].service: is required");
    }

    @Test
    void problemsAfterARefusedListItemStillPointAtTheirOwnItem() {
        assertRefused("""
                db: {image: local/db}
                web:
                  image: local/web
                  ports: ["x", {container: 1, proto: sctp}, {container: 2, host: 70000}]
                  links: [{port: x}, {service: nope, port: 1}, "db:1:bad-alias"]
                """,
                "Servicefile:4:11: services.web.ports[0]: \"x\" is not a port (80, \"8080:80\" or \"8080:80/udp\")",
                "Servicefile:4:38: services.web.ports[1].proto: \"sctp\" is not a protocol (tcp or udp)",
                "Servicefile:4:66: services.web.ports[2].host: 70000 is not a port (1-65535)",
                "Servicefile:5:18: services.web.links[0].port: expected a whole number, found \"x\"",
                "Servicefile:5:32: services.web.links[1].service: \"nope\" is not a service in this file",
                "Servicefile:5:48: services.web.links[2].alias: \"bad-alias\" is not a valid environment variable"
                        + " name (letters, digits and '_', not starting with a digit, at most 128 characters)");
    }

    @Test
    void duplicateKeysAreRefusedWhereverTheyAre() {
        assertRefused("""
                web:
                  image: local/web
                  image: local/web2
                  env: {A: 1, A: 2}
                web: {image: local/other}
                """,
                "Servicefile:3:3: services.web.image: is defined twice (first on line 2)",
                "Servicefile:4:15: services.web.env.A: is defined twice (first on line 4)",
                "Servicefile:5:1: web: is defined twice (first on line 1)");
    }

    @Test
    void namesAreChecked() {
        assertRefused("""
                Domains:
                  "bad domain!": {http: example:app}
                  example.org: {http: "Example:app"}
                  example.com: {http: example}
                  example.net: {}
                  example.io: {http: a:b, auth: {"bad user": x, ok: "", ok2: [x]}}
                Web: {image: local/web}
                web_2: {image: local/web}
                """,
                "Servicefile:2:3: domains.\"bad domain!\": \"bad domain!\" is not a host name or IP address",
                "Servicefile:3:23: domains.example.org.http: \"Example\"" + NAME_RULE,
                "Servicefile:4:23: domains.example.com.http: \"example\" is not deployment:service",
                "Servicefile:5:3: domains.example.net.http: is required (deployment:service)",
                "Servicefile:6:34: domains.example.io.auth: \"bad user\" is not a user name (letters, digits and"
                        + " ._@-, at most 64 characters)",
                "Servicefile:6:49: domains.example.io.auth.ok: needs a password",
                "Servicefile:6:62: domains.example.io.auth.ok2: expected a string, found a list",
                "Servicefile:7:1: Web: unknown section (expected one of: Env, Domains)",
                "Servicefile:8:1: services.web_2: \"web_2\"" + NAME_RULE);
    }

    @Test
    void passwordsNeverAppearInProblems() {
        InputException e = refused("""
                Domains:
                  example.org:
                    http: example:app
                    auth: {alice: "s3cr3t\\u0007", bob: "%s"}
                web: {image: local/web}
                """.formatted("hunter2".repeat(40)));
        assertEquals(List.of(
                "Servicefile:4:12: domains.example.org.auth.alice: the password contains a control character",
                "Servicefile:4:35: domains.example.org.auth.bob: the password is longer than 256 characters"),
                Inputs.lines(e));
        assertFalse(e.getMessage().contains("s3cr3t"));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void emptyAndServicelessFiles() {
        assertRefused("", "Servicefile:1:1: is empty");
        assertRefused("# just a comment\n\n", "Servicefile:1:1: is empty");
        assertRefused("Env: {A: b}\n", "Servicefile:1:1: declares no services");
        assertRefused("[web]\n", "Servicefile:1:1: expected a map of services, found a list");
        assertRefused("web\n", "Servicefile:1:1: expected a map of services, found \"web\"");
    }

    @Test
    void yamlSyntaxErrorsArePlaced() {
        assertRefused("""
                web:
                  image: local/web
                 ports: [80]
                """,
                "Servicefile:3:2: is not valid YAML: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block mapping)");
        assertRefused("web: {image: local/web\n",
                "Servicefile:2:1: is not valid YAML: expected ',' or '}', but got <stream end>"
                        + " (while parsing a flow mapping)");
    }
}

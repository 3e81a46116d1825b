package org.atoll.kernel.internal.input;

import static org.atoll.kernel.internal.input.Inputs.refusedFlocker;
import static org.atoll.kernel.internal.input.Inputs.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.validate.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlockerParserTest {

    private static DeclaredServices parse(String apps, String deployment) {
        return FlockerParser.parse(apps, resource(apps), deployment, resource(deployment));
    }

    private static ServiceSpec app(String image, String volume, Map<String, String> env, int route,
            List<LinkSpec> links, String node) {
        return new ServiceSpec(image, null, env, List.of(new PortSpec(route, route, "tcp")), Map.of("data", volume),
                links, 1, null, null, List.of(node));
    }

    private static final ServiceSpec TRAC = app("clusterhq/trac", "/opt/trac/env",
            Map.of("ELASTICSEARCH_PORT", "9200"), 443,
            List.of(new LinkSpec("pgsql-trac", 5432, null), new LinkSpec("elasticsearch-trac", 5044, null)), "s1");

    @Test
    void theBriefsTracExample() {
        DeclaredServices d = parse("application_config.yml", "deployment_config.yml");

        assertEquals(List.of("trac", "pgsql-trac", "elasticsearch-trac", "kibana-trac"),
                List.copyOf(d.services().keySet()));
        assertEquals(TRAC, d.services().get("trac"));
        assertEquals(app("clusterhq/postgresql", "/var/run/postgresql", Map.of(), 5432, List.of(), "s1"),
                d.services().get("pgsql-trac"));
        assertEquals(app("clusterhq/elasticsearch", "/var/run/elasticsearch", Map.of(), 9200, List.of(), "s2"),
                d.services().get("elasticsearch-trac"));
        assertEquals(app("clusterhq/elasticsearch", "/var/run/elasticsearch",
                Map.of("ELASTICSEARCH_RESOURCE", "http://localhost:9200"), 8443,
                List.of(new LinkSpec("elasticsearch-trac", 9200, null)), "s2"), d.services().get("kibana-trac"));
        assertTrue(d.env().isEmpty());
        assertTrue(d.domains().isEmpty());
    }

    @Test
    void theAlteredDeploymentMovesOnlyPgsql() {
        DeclaredServices before = parse("application_config.yml", "deployment_config.yml");
        DeclaredServices after = parse("application_config.yml", "deployment_config_altered.yml");

        assertEquals(List.of("s2"), after.services().get("pgsql-trac").nodes());
        for (String name : List.of("trac", "elasticsearch-trac", "kibana-trac")) {
            assertEquals(before.services().get(name), after.services().get(name), name);
        }
        ServiceSpec moved = before.services().get("pgsql-trac");
        assertEquals(new ServiceSpec(moved.image(), moved.cmd(), moved.env(), moved.ports(), moved.volumes(),
                moved.links(), 1, moved.checks(), moved.resources(), List.of("s2")), after.services().get("pgsql-trac"));
        assertEquals(new SourceLocation("deployment_config_altered.yml", 8, 7),
                after.locations().get("services.pgsql-trac.nodes[0]"));
    }

    @Test
    void theVersionedFormAndEveryLinkFormMeanTheSame() {
        assertEquals(parse("application_config.yml", "deployment_config.yml").services(),
                parse("application_config_v1.yml", "deployment_config.yml").services());
    }

    @Test
    void readsFiles(@TempDir Path dir) throws IOException {
        Path apps = Files.writeString(dir.resolve("apps.yml"), resource("application_config.yml"));
        Path deployment = Files.writeString(dir.resolve("deploy.yml"), resource("deployment_config.yml"));
        assertEquals(TRAC, FlockerParser.parse(apps, deployment).services().get("trac"));
    }

    @Test
    void laterProblemsUseTheApplicationConfigsWords() {
        DeclaredServices d = parse("application_config.yml", "deployment_config.yml");
        assertEquals("application_config.yml:8:12: trac.routes[0]: clashes with the router",
                d.locate(new Problem("services.trac.ports[0].host", "clashes with the router")).toString());
        assertEquals("application_config.yml:5:11: trac.volume: no space left",
                d.locate(new Problem("services.trac.volumes.data", "no space left")).toString());
        assertEquals("application_config.yml:11:28: trac.links[1][1]: nothing listens there",
                d.locate(new Problem("services.trac.links[1].port", "nothing listens there")).toString());
        assertEquals("deployment_config.yml:5:8: nodes.s2[0]: node s2 is down",
                d.locate(new Problem("services.elasticsearch-trac.nodes[0]", "node s2 is down")).toString());
    }

    @Test
    void placementProblems() {
        InputException e = refusedFlocker("""
                trac: {image: clusterhq/trac}
                pgsql-trac: {image: clusterhq/postgresql}
                kibana: {image: clusterhq/kibana}
                """, """
                nodes:
                  s1: [trac, pgsql-trac]
                  s2: [trac, tracc, ~]
                  1.1.1.1: [kibana]
                """);
        assertEquals(List.of(
                "deploy.yml:3:8: nodes.s2[0]: \"trac\" is already placed on node s1 (line 2)",
                "deploy.yml:3:14: nodes.s2[1]: \"tracc\" is not an application in apps.yml, did you mean \"trac\"?",
                "deploy.yml:3:21: nodes.s2[2]: expected an application name, found nothing",
                "deploy.yml:4:3: nodes.1.1.1.1: \"1.1.1.1\" is not a valid name (lower-case letters, digits and '-',"
                        + " 1-63 characters, starting with a letter and not ending with '-'); name the node and"
                        + " register its address with node-add"),
                Inputs.lines(e));
    }

    @Test
    void anApplicationNoNodeListsIsAnError() {
        InputException e = refusedFlocker("""
                trac: {image: clusterhq/trac}
                pgsql-trac: {image: clusterhq/postgresql}
                """, "nodes: {s1: [pgsql-trac], s2: []}\n");
        assertEquals("apps.yml:1:1: trac: is not placed on any node in deploy.yml", e.getMessage());
    }

    @Test
    void problemsOfBothFilesComeTogetherApplicationsFirst() {
        InputException e = refusedFlocker("""
                version: 1
                applications:
                  trac:
                    image: clusterhq/trac
                    volume: opt/trac
                    enviroment: {A: b}
                    routes: [443, 70000]
                    links:
                      - [pgsql, 5432]
                      - {app: kibana, port: 99999}
                      - "kibana:80:X"
                  kibana: {image: clusterhq/kibana, routes: [443]}
                """, """
                version: 2
                nodes: {s1: [trac, kibana]}
                extra: 1
                """);
        assertEquals(List.of(
                "apps.yml:5:13: applications.trac.volume: \"opt/trac\" is not an absolute path (letters, digits and"
                        + " ._@+=,- between '/')",
                "apps.yml:6:5: applications.trac.enviroment: unknown key; did you mean \"environment\"?",
                "apps.yml:7:19: applications.trac.routes[1]: 70000 is not a port (1-65535)",
                "apps.yml:9:10: applications.trac.links[0][0]: \"pgsql\" is not an application in apps.yml",
                "apps.yml:10:29: applications.trac.links[1].port: 99999 is not a port (1-65535)",
                "apps.yml:11:9: applications.trac.links[2]: \"kibana:80:X\" is not a link (\"app:port\")",
                "apps.yml:12:46: applications.kibana.routes[0]: port 443 is already routed to trac",
                "deploy.yml:1:10: version: \"2\" is not a supported version (1)",
                "deploy.yml:3:1: extra: unknown key (expected one of: version, nodes)"),
                Inputs.lines(e));
    }

    @Test
    void linksNeedAnApplicationAndAPort() {
        InputException e = refusedFlocker("""
                trac:
                  image: clusterhq/trac
                  links: [[db, ~], {app: db}, {port: 5432}, [db, 5432, x], "db"]
                db: {image: clusterhq/postgresql}
                """, "nodes: {s1: [trac, db]}\n");
        assertEquals(List.of(
                "apps.yml:3:11: trac.links[0]: needs a port: [app, port]",
                "apps.yml:3:20: trac.links[1].port: is required",
                "apps.yml:3:31: trac.links[2]: is required",
                "apps.yml:3:45: trac.links[3]: expected a link ([app, port], {app:, port:} or \"app:port\"), found a"
                        + " list",
                "apps.yml:3:60: trac.links[4]: expected a link ([app, port], {app:, port:} or \"app:port\"), found"
                        + " \"db\""),
                Inputs.lines(e));
    }

    @Test
    void shapesOfTheApplicationConfig() {
        assertEquals(List.of("apps.yml:1:1: applications: is required"),
                Inputs.lines(refusedFlocker("version: 1\n", "nodes: {}\n")));
        assertEquals(List.of("apps.yml:1:1: declares no applications"),
                Inputs.lines(refusedFlocker("{}\n", "nodes: {}\n")));
        assertEquals(List.of("apps.yml:1:1: trac.image: is required", "deploy.yml:1:1: nodes: is required"
                + " (nodes: {NODE: [app, …]})"), Inputs.lines(refusedFlocker("trac: {}\n", "{}\n")));
        assertEquals(List.of("apps.yml:1:7: trac: expected a map of image, volume, environment, routes and links,"
                + " found \"clusterhq/trac\"", "deploy.yml:1:1: is empty"),
                Inputs.lines(refusedFlocker("trac: clusterhq/trac\n", "")));
        assertEquals(List.of("apps.yml:2:1: applikations: unknown key; did you mean \"applications\"?",
                "apps.yml:1:1: applications: is required").stream().sorted().toList(),
                Inputs.lines(refusedFlocker("version: 1\napplikations: {}\n", "nodes: {}\n")).stream().sorted()
                        .toList());
    }
}

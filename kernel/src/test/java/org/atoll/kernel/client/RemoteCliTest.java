package org.atoll.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

class RemoteCliTest {

    private static final String SECRET = "s3cr3t-Pässword";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + SECRET).getBytes(StandardCharsets.UTF_8));
    private static final String OUTCOME = "{\"changed\":true,\"changes\":[\"Deployed redis to n1.\"],"
            + "\"steps\":[\"+ foo-redis-1-1 on n1\"],\"instances\":[\"foo-redis-1-1\"],\"message\":\"Deployed redis to n1.\"}";
    private static final String NO_CHANGES = "{\"changed\":false,\"changes\":[],\"steps\":[],\"instances\":[],"
            + "\"message\":\"No changes.\"}";

    @TempDir
    Path dir;

    private FakeApi api;
    private final Map<String, String> env = new HashMap<>();

    /** What arrived at the fake API. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    /** A stand-in for the API: answers from a script, keyed by "METHOD /path?query", and records every request. */
    static final class FakeApi implements AutoCloseable {

        final HttpServer server;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final Map<String, String[]> replies = new LinkedHashMap<>();

        FakeApi(HttpServer server) {
            this.server = server;
            server.createContext("/", this::handle);
            server.start();
        }

        static FakeApi http() throws IOException {
            return new FakeApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        }

        String url() {
            String scheme = server instanceof HttpsServer ? "https" : "http";
            return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
        }

        FakeApi on(String request, int status, String body) {
            return on(request, status, "application/json", body);
        }

        FakeApi on(String request, int status, String type, String body, String... headers) {
            String[] reply = new String[3 + headers.length];
            reply[0] = String.valueOf(status);
            reply[1] = type;
            reply[2] = body;
            System.arraycopy(headers, 0, reply, 3, headers.length);
            replies.put(request, reply);
            return this;
        }

        Seen only() {
            assertEquals(1, seen.size(), () -> "requests: " + seen);
            return seen.get(0);
        }

        private void handle(HttpExchange x) throws IOException {
            String body;
            try (InputStream in = x.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = x.getRequestURI().getRawPath();
            String query = x.getRequestURI().getRawQuery();
            Map<String, List<String>> headers = new HashMap<>();
            x.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            seen.add(new Seen(x.getRequestMethod(), path, query, headers, body));
            String key = x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query);
            String[] reply = replies.getOrDefault(key, new String[] {"404", "application/problem+json",
                "{\"type\":\"https://atoll.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"no such thing: " + key + "\"}"});
            for (int i = 3; i + 1 < reply.length; i += 2) {
                x.getResponseHeaders().add(reply[i], reply[i + 1]);
            }
            byte[] bytes = reply[2].getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", reply[1]);
            x.sendResponseHeaders(Integer.parseInt(reply[0]), bytes.length == 0 ? -1 : bytes.length);
            try (var out = x.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        api = FakeApi.http();
        env.put("ATOLL_URL", api.url());
        env.put("ATOLL_PASSWORD", SECRET);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Runs the client; whatever happens, the password must not show on stdout or stderr. */
    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RemoteCli.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        for (String shown : List.of(r.out, r.err)) {
            assertFalse(shown.contains(SECRET) || shown.contains(BASIC.substring(6)) || shown.contains("s3cr3t"),
                    "the password was printed: " + shown);
        }
        return r;
    }

    private static void assertJson(String expected, String actual) {
        assertEquals(JsonText.parse(expected), JsonText.parse(actual));
    }

    @Test
    void createDeploymentPostsTheNameWithBasicAuth() {
        api.on("POST /api/v1/deployments", 201, "{\"name\":\"foo\",\"description\":\"\"}");

        Result r = run("create-deployment", "foo");

        assertEquals(new Result(0, "----> Created foo\n", ""), r);
        Seen s = api.only();
        assertEquals("POST", s.method());
        assertEquals("/api/v1/deployments", s.path());
        assertEquals(BASIC, s.header("Authorization"));
        assertEquals("application/json", s.header("Content-type"));
        assertNull(s.header("If-match"));
        assertJson("{\"name\":\"foo\"}", s.body());
    }

    @Test
    void createDeploymentWithADescriptionAndAnotherUser() {
        api.on("POST /api/v1/deployments", 201, "{}");
        env.put("ATOLL_USER", "ops");

        assertEquals(0, run("create-deployment", "my-site", "The \"web\" site").status());

        assertJson("{\"name\":\"my-site\",\"description\":\"The \\\"web\\\" site\"}", api.only().body());
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("ops:" + SECRET).getBytes(StandardCharsets.UTF_8)),
                api.only().header("Authorization"));
    }

    @Test
    void setServiceWithAnImageAloneNamesTheServiceAfterIt() {
        api.on("PATCH /api/v1/deployments/foo/services/redis", 200, OUTCOME);

        Result r = run("-D", "foo", "set-service", "company/redis");

        assertEquals(new Result(0, "----> New instance id foo-redis-1-1\n", ""), r);
        Seen s = api.only();
        assertNull(s.query());
        assertEquals("application/json", s.header("Content-type"));
        assertJson("{\"image\":\"company/redis\"}", s.body());
    }

    @Test
    void setServiceWithAnImageAndFieldsNamesTheServiceAfterTheImage() {
        api.on("PATCH /api/v1/deployments/foo/services/app", 200, OUTCOME);

        assertEquals(0, run("-D", "foo", "set-service", "registry:5000/team/app:2@sha256:" + "a".repeat(64),
                "{\"count\": 3}").status());

        assertJson("{\"count\":3,\"image\":\"registry:5000/team/app:2@sha256:" + "a".repeat(64) + "\"}",
                api.only().body());
    }

    @Test
    void setServiceSendsYamlFlowAsItIs() {
        api.on("PATCH /api/v1/deployments/foo/services/redis", 200,
                OUTCOME.replace("foo-redis-1-1", "foo-redis-2-1"));

        Result r = run("-D", "foo", "set-service", "redis", "{env: {SDF: sdf}}");

        assertEquals("----> New instance id foo-redis-2-1\n", r.out());
        assertEquals("{env: {SDF: sdf}}", api.only().body());
        assertEquals("application/yaml", api.only().header("Content-type"));
    }

    @Test
    void setServiceMergesTheImageIntoStrictJsonAndPassesWaitAndIfMatch() {
        api.on("PATCH /api/v1/deployments/foo/services/web?wait=5", 200, OUTCOME);

        Result r = run("set-service", "-D", "foo", "--wait", "5", "--if-match", "7", "web", "local/web:1",
                "{\"count\": 2, \"env\": {\"A\": \"b\"}}");

        assertEquals(0, r.status(), r.err());
        Seen s = api.only();
        assertEquals("\"7\"", s.header("If-match"));
        assertEquals("application/json", s.header("Content-type"));
        assertJson("{\"count\":2,\"env\":{\"A\":\"b\"},\"image\":\"local/web:1\"}", s.body());
    }

    @Test
    void setServiceRefusesAnImageWithYamlFlowOrTwoImages() {
        Result yaml = run("-D", "foo", "set-service", "web", "local/web:1", "{count: 2}");
        assertEquals(1, yaml.status());
        assertTrue(yaml.err().startsWith("error: set-service: with IMAGE the fields must be strict JSON"), yaml.err());

        Result two = run("-D", "foo", "set-service", "web", "local/web:1", "{\"image\": \"local/web:2\"}");
        assertEquals("error: set-service: two images given: local/web:1 and local/web:2\n", two.err());

        assertTrue(api.seen.isEmpty(), "nothing was sent");
    }

    @Test
    void setServiceWithoutNewInstancesPrintsTheMessage() {
        api.on("PATCH /api/v1/deployments/foo/services/web", 200, NO_CHANGES);

        assertEquals(new Result(0, "No changes.\n", ""), run("-D", "foo", "set-service", "web", "{\"count\": 1}"));
    }

    @Test
    void listPrintsDeploymentsServicesAndInstancesAsInTheBrief() {
        api.on("GET /api/v1/deployments", 200, "[{\"name\":\"foo\",\"services\":2,\"instances\":3},"
                + "{\"name\":\"empty\"},{\"name\":\"gone\"}]");
        api.on("GET /api/v1/deployments/foo", 200, "{\"name\":\"foo\",\"revision\":9,\"services\":["
                + "{\"deployment\":\"foo\",\"name\":\"redis\",\"version\":2,\"count\":1,\"spec\":{}},"
                + "{\"deployment\":\"foo\",\"name\":\"web\",\"version\":1,\"count\":2,\"spec\":{}}]}");
        api.on("GET /api/v1/instances?deployment=foo", 200, "["
                + "{\"id\":\"foo-redis-2-1\",\"service\":\"redis\",\"version\":2,\"node\":\"n1\",\"state\":\"running\"},"
                + "{\"id\":\"foo-web-1-1\",\"service\":\"web\",\"version\":1,\"node\":\"n1\",\"state\":\"running\"},"
                + "{\"id\":\"foo-web-1-2\",\"service\":\"web\",\"version\":1,\"node\":\"n2\",\"state\":\"missing\"}]");
        api.on("GET /api/v1/deployments/empty", 200, "{\"name\":\"empty\",\"revision\":1,\"services\":[]}");
        api.on("GET /api/v1/instances?deployment=empty", 200, "[]");

        Result r = run("list");

        assertEquals(new Result(0, """
                foo
                    redis
                        running  foo-redis-2-1  2  n1
                    web
                        running  foo-web-1-1  1  n1
                        missing  foo-web-1-2  1  n2
                empty
                """, ""), r);
        assertEquals(List.of("GET /api/v1/deployments", "GET /api/v1/deployments/foo", "GET /api/v1/instances",
                "GET /api/v1/deployments/empty", "GET /api/v1/instances", "GET /api/v1/deployments/gone"),
                api.seen.stream().map(s -> s.method() + " " + s.path()).toList());
    }

    @Test
    void listOfOneDeploymentThatDoesNotExistFails() {
        Result r = run("list", "-D", "nope");

        assertEquals(1, r.status());
        assertEquals("error: no such thing: GET /api/v1/deployments/nope\n", r.err());
    }

    @Test
    void deploySendsTheServicefileAsYaml() throws IOException {
        String servicefile = "Env:\n    BRANDING: Company Ltd.\n\nredis:\n    image: rock77/redis\n";
        Path file = Files.writeString(dir.resolve("Servicefile"), servicefile);
        api.on("POST /api/v1/deployments/my-site/deploy", 200, "{\"changed\":true,\"changes\":"
                + "[\"Deployed redis to s1.\",\"Deployed website to s1.\"],\"steps\":[],\"instances\":[],\"message\":\"\"}");

        Result r = run("-D", "my-site", "deploy", file.toString());

        assertEquals(new Result(0, "Deployed redis to s1.\nDeployed website to s1.\n", ""), r);
        Seen s = api.only();
        assertEquals(servicefile, s.body());
        assertEquals("application/yaml", s.header("Content-type"));
        assertNull(s.query());

        api.on("POST /api/v1/deployments/my-site/deploy?wait=0", 200, NO_CHANGES);
        assertEquals(new Result(0, "No changes.\n", ""), run("-D", "my-site", "--wait=0", "deploy", file.toString()));
    }

    @Test
    void deployOfAFlockerPairSendsBothFilesAsJsonIntoDefault() throws IOException {
        Path app = Files.writeString(dir.resolve("app.yml"), "version: 1\napplications: {}\n");
        Path dep = Files.writeString(dir.resolve("dep.yml"), "version: 1\nnodes: {}\n");
        api.on("POST /api/v1/deployments/default/deploy", 200, NO_CHANGES);

        assertEquals(0, run("deploy", app.toString(), dep.toString()).status());

        Seen s = api.only();
        assertEquals("application/json", s.header("Content-type"));
        assertJson("{\"application\":\"version: 1\\napplications: {}\\n\",\"deployment\":\"version: 1\\nnodes: {}\\n\"}",
                s.body());
    }

    @Test
    void deployChecksItsFilesBeforeAskingTheServer() throws IOException {
        Result missing = run("-D", "x", "deploy", dir.resolve("nope").toString());
        assertEquals(new Result(1, "", "error: " + dir.resolve("nope") + ": no such file\n"), missing);

        Path big = Files.write(dir.resolve("big"), new byte[RemoteCli.MAX_FILE + 1]);
        assertTrue(run("-D", "x", "deploy", big.toString()).err().contains("larger than 1 MiB"));

        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'a', ':', ' ', (byte) 0xe9});
        assertTrue(run("-D", "x", "deploy", latin1.toString()).err().contains("not UTF-8 text"));

        Result noDeployment = run("deploy", "Servicefile");
        assertEquals(2, noDeployment.status());
        assertTrue(noDeployment.err().startsWith("error: deploy of a Servicefile needs the deployment: -D"));
        assertTrue(api.seen.isEmpty());
    }

    @Test
    void planPrintsChangesAndIndentedSteps() throws IOException {
        Path file = Files.writeString(dir.resolve("Servicefile"), "web:\n  image: local/web:1\n");
        api.on("POST /api/v1/deployments/foo/plan", 200, "{\"changed\":true,\"changes\":[\"Deployed web to n1.\"],"
                + "\"steps\":[\"+ foo-web-1-1 on n1\",\"+ foo-web-1-2 on n1\"]}");

        Result r = run("-D", "foo", "plan", file.toString());

        assertEquals(new Result(0, "Deployed web to n1.\n  + foo-web-1-1 on n1\n  + foo-web-1-2 on n1\n", ""), r);
        assertEquals(2, run("-D", "foo", "--wait", "3", "plan", file.toString()).status(), "plan does not wait");
    }

    @Test
    void removeDeploymentSendsIfMatch() {
        api.on("DELETE /api/v1/deployments/foo", 200, "{\"deployment\":\"foo\",\"stopping\":3}");

        Result r = run("-D", "foo", "--if-match", "\"12\"", "remove-deployment");

        assertEquals(new Result(0, "----> Removed foo, stopping 3 instances\n", ""), r);
        assertEquals("\"12\"", api.only().header("If-match"));
        assertEquals("", api.only().body());
    }

    @Test
    void versionsAndRollback() {
        api.on("GET /api/v1/deployments/foo/services/web/versions", 200, "["
                + "{\"version\":1,\"created\":\"2025-01-01T10:00:00Z\",\"spec\":{\"image\":\"local/web:1\"}},"
                + "{\"version\":2,\"created\":\"2025-01-02T10:00:00Z\",\"spec\":{\"image\":\"local/web:22\"}}]");
        api.on("POST /api/v1/deployments/foo/services/web/rollback?wait=10", 200, "{\"changed\":true,\"changes\":"
                + "[\"Updated web to version 1 on n1.\"],\"steps\":[],\"instances\":[\"foo-web-1-3\"]}");

        assertEquals(new Result(0, """
                Version  Created               Image
                1        2025-01-01T10:00:00Z  local/web:1
                2        2025-01-02T10:00:00Z  local/web:22
                """, ""), run("-D", "foo", "versions", "web"));
        assertEquals(new Result(0, "Updated web to version 1 on n1.\n", ""),
                run("-D", "foo", "--wait", "10", "rollback", "web", "1"));
        assertJson("{\"version\":1}", api.seen.get(1).body());

        Result bad = run("-D", "foo", "rollback", "web", "one");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("error: rollback: VERSION 'one' is not a version number"), bad.err());
        assertEquals(2, api.seen.size());
    }

    @Test
    void psNodesAndPluginsPrintTables() {
        api.on("GET /api/v1/instances?deployment=my%20site", 200, "[{\"id\":\"a-web-1-1\",\"service\":\"web\","
                + "\"version\":1,\"node\":\"n1\",\"state\":\"running\",\"address\":\"172.17.0.2\",\"problem\":\"\"}]");
        api.on("GET /api/v1/instances", 200, "[{\"id\":\"a-web-1-1\",\"deployment\":\"a\",\"service\":\"web\","
                + "\"version\":1,\"node\":\"n1\",\"state\":\"exited\",\"address\":\"\",\"problem\":\"exit 1\"}]");
        api.on("GET /api/v1/nodes", 200, "[{\"node\":{\"name\":\"n1\",\"address\":\"10.0.0.1\"},\"up\":true},"
                + "{\"node\":{\"name\":\"n2\"},\"up\":false}]");
        api.on("GET /api/v1/plugins", 200, "[{\"extensionPoint\":\"backend\",\"name\":\"docker\",\"version\":\"1.0\","
                + "\"state\":\"UP\",\"message\":\"\",\"capabilities\":[\"logs\",\"volumes\"]},"
                + "{\"extensionPoint\":\"discovery\",\"name\":\"etcd\",\"version\":\"1.0\",\"state\":\"DOWN\","
                + "\"message\":\"no \\u001b[31mconnection\",\"capabilities\":[]}]");

        assertEquals("""
                Instance   Service  Version  Node  State    Address     Problem
                a-web-1-1  web      1        n1    running  172.17.0.2
                """, run("ps", "-D", "my site").out());
        assertEquals("""
                Deployment  Instance   Service  Version  Node  State   Address  Problem
                a           a-web-1-1  web      1        n1    exited           exit 1
                """, run("ps").out());
        assertEquals("""
                Name  Address   Status
                n1    10.0.0.1  up
                n2              down
                """, run("nodes").out());
        assertEquals("""
                Extension point  Name    Version  State                     Capabilities
                backend          docker  1.0      UP                        logs,volumes
                discovery        etcd    1.0      DOWN: no ?[31mconnection
                """, run("plugins").out(), "control characters from the server cannot reach the terminal");
    }

    @Test
    void getPrintsAnyPathAsPrettyJson() {
        api.on("GET /api/v1/deployments/foo?x=1", 200, "application/json",
                "{\"name\":\"foo\",\"revision\":9,\"services\":[]}", "ETag", "\"9\"");

        Result r = run("get", "deployments/foo?x=1");

        assertEquals(new Result(0, "{\n  \"name\": \"foo\",\n  \"revision\": 9,\n  \"services\": []\n}\n", ""), r);
        assertEquals(1, run("get", "/a b").status());
        assertEquals(1, run("get", "//evil.example/x").status());
        assertEquals(1, api.seen.size());
    }

    @Test
    void aProblemPrintsItsDetailAndField() {
        api.on("PATCH /api/v1/deployments/foo/services/web", 400, "application/problem+json",
                "{\"type\":\"https://atoll.dev/problems/invalid\",\"title\":\"Invalid input\",\"status\":400,"
                        + "\"detail\":\"'Web:1' is not a valid image reference\",\"field\":\"spec.image\","
                        + "\"instance\":\"/api/v1/deployments/foo/services/web\"}");
        api.on("DELETE /api/v1/deployments/foo", 412, "application/problem+json",
                "{\"title\":\"Precondition failed\",\"status\":412,\"detail\":\"the deployment is at revision 13\"}");

        assertEquals(new Result(1, "", "error: 'Web:1' is not a valid image reference (field spec.image)\n"),
                run("-D", "foo", "set-service", "web", "Web:1"));
        assertEquals(new Result(1, "", "error: the deployment is at revision 13\n"),
                run("-D", "foo", "--if-match", "12", "remove-deployment"));
    }

    @Test
    void wrongCredentialsAndMissingRolesAreSaidPlainly() {
        api.on("POST /api/v1/deployments", 401, "text/plain", "", "WWW-Authenticate", "Basic realm=\"atoll\"");
        assertEquals(new Result(1, "", "error: wrong user or password\n"), run("create-deployment", "foo"));

        api.on("POST /api/v1/deployments", 403, "application/problem+json", "{\"status\":403,\"title\":\"Forbidden\"}");
        assertEquals(new Result(1, "", "error: viewer may not create deployments\n"),
                run("-u", "viewer", "create-deployment", "foo"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("viewer:" + SECRET).getBytes(StandardCharsets.UTF_8)),
                api.seen.get(1).header("Authorization"));
    }

    @Test
    void otherFailuresNameTheStatusAndWhatCameBack() {
        api.on("GET /api/v1/nodes", 502, "text/html", "<html>\nBad gateway\n</html>");
        api.on("GET /api/v1/plugins", 200, "text/html", "<html>oops</html>");
        api.on("GET /api/v1/instances", 302, "text/html", "", "Location", "http://elsewhere.example/login");

        assertEquals("error: HTTP 502 from GET " + api.url() + "/nodes: <html>\n", run("nodes").err());
        assertTrue(run("plugins").err().startsWith("error: the answer to GET " + api.url() + "/plugins is not JSON:"));
        Result redirect = run("ps");
        assertTrue(redirect.err().contains("with a redirect (302) to 'http://elsewhere.example/login'"), redirect.err());
        assertEquals(3, api.seen.size(), "the redirect was not followed");
    }

    @Test
    void aServerThatIsNotThereIsNamed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/api/v1";
        env.put("ATOLL_URL", url);

        Result r = run("list");

        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: cannot reach Atoll at " + url + ": "), r.err());
        assertTrue(r.err().toLowerCase().contains("refused"), r.err());
    }

    @Test
    void theUrlComesFromTheOptionBeforeTheEnvironmentAndIsChecked() {
        api.on("GET /api/v1/nodes", 200, "[]");
        env.put("ATOLL_URL", "http://127.0.0.1:1/nowhere");

        assertEquals(0, run("--url", api.url() + "/", "nodes").status());
        assertEquals("/api/v1/nodes", api.only().path());

        assertEquals("error: --url: put no user or password in the URL; use -u and ATOLL_PASSWORD\n",
                run("--url", "http://admin:" + SECRET + "@127.0.0.1/api/v1", "nodes").err());
        assertEquals("error: ATOLL_URL: 'ftp://x/api' is not an http:// or https:// URL with a host, e.g. "
                + RemoteCli.DEFAULT_URL + "\n", run2("ftp://x/api", "nodes").err());
    }

    private Result run2(String url, String... args) {
        env.put("ATOLL_URL", url);
        return run(args);
    }

    @Test
    void aPlainHttpUrlToAnotherHostIsWarnedAbout() {
        api.on("GET /api/v1/nodes", 200, "[]");

        Result r = run("--url", api.url().replace("127.0.0.1", "0.0.0.0"), "nodes");

        assertEquals(0, r.status());
        assertEquals("warning: the password goes unencrypted to 0.0.0.0; use an https URL\n", r.err());
    }

    @Test
    void verbosePrintsRequestsButNoCredentials() {
        api.on("GET /api/v1/nodes", 200, "application/json", "[]", "ETag", "\"4\"");

        Result r = run("-v", "nodes");

        assertTrue(r.err().matches("GET " + api.url() + "/nodes 200 \\(\\d+ ms\\) ETag \"4\"\n"), r.err());
    }

    @Test
    void thePasswordIsNeverAnArgument() {
        for (String option : List.of("-p", "--password", "--password=" + SECRET, "-p" + SECRET)) {
            Result r = run(option, "list");
            assertEquals(2, r.status(), option);
            assertTrue(r.err().startsWith("error: a password is never taken from an argument"), r.err());
        }
        assertTrue(api.seen.isEmpty());
    }

    @Test
    void withoutPasswordOrTerminalNothingIsSent() {
        assumeTrue(System.console() == null, "a terminal would be asked for the password");
        env.remove("ATOLL_PASSWORD");

        Result r = run("nodes");

        assertEquals(new Result(1, "", "error: no password: set ATOLL_PASSWORD, or run atoll-remote in a terminal"
                + " to be asked for it\n"), r);
        assertTrue(api.seen.isEmpty());
    }

    @Test
    void badUsageExitsWithTwoAndTheUsageOnStderr() {
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.status());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().startsWith("error: unknown command 'frobnicate'\nUsage: atoll-remote"), unknown.err());

        List<List<String>> bad = List.of(List.of(), List.of("set-service", "web"), List.of("-D"),
                List.of("-D", "foo", "nodes"), List.of("--wait", "5", "list"), List.of("--wait", "-1", "-D", "f",
                        "rollback", "a", "1"), List.of("--wait", "3601", "-D", "f", "rollback", "a", "1"),
                List.of("--if-match", "a\"b", "-D", "f", "remove-deployment"), List.of("--if-match", "1", "ps"),
                List.of("-x", "list"), List.of("-D", "a", "-D", "b", "list"), List.of("-D", "f", "versions"),
                List.of("--verbose=yes", "list"), List.of("help", "frob"));
        for (List<String> args : bad) {
            Result r = run(args.toArray(String[]::new));
            assertEquals(2, r.status(), () -> args + ": " + r);
            assertTrue(r.err().startsWith("error: "), () -> args + ": " + r.err());
        }
        assertTrue(api.seen.isEmpty());
    }

    @Test
    void helpGoesToStdout() {
        Result all = run("--help");
        assertEquals(0, all.status());
        assertTrue(all.out().contains("-D DEPLOYMENT set-service NAME [IMAGE] [FIELDS]"), all.out());
        assertTrue(all.out().contains("ATOLL_PASSWORD"), all.out());

        Result one = run("help", "deploy");
        assertTrue(one.out().startsWith("Usage: atoll-remote [--url URL] [-u USER] [-v] [-D DEPLOYMENT] deploy FILE"),
                one.out());
        assertEquals(run("deploy", "--help").out(), one.out());
        assertTrue(api.seen.isEmpty());
    }

    @Test
    void httpsWithAPrivateCaFromAtollCaFile() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "atoll", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "atoll", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        try (FakeApi https = new FakeApi(server)) {
            https.on("GET /api/v1/nodes", 200, "[{\"node\":{\"name\":\"n1\"},\"up\":true}]");
            env.put("ATOLL_URL", https.url());

            Result untrusted = run("nodes");
            assertEquals(1, untrusted.status());
            assertTrue(untrusted.err().startsWith("error: TLS with " + https.url() + " failed: "), untrusted.err());
            assertTrue(untrusted.err().contains("set ATOLL_CA_FILE"), untrusted.err());

            env.put("ATOLL_CA_FILE", pem.toString());
            assertEquals(new Result(0, "Name  Address  Status\nn1             up\n", ""), run("nodes"));
            assertEquals(BASIC, https.seen.get(https.seen.size() - 1).header("Authorization"));

            env.put("ATOLL_CA_FILE", keystore.toString());
            assertTrue(run("nodes").err().startsWith("error: ATOLL_CA_FILE: " + keystore + " is not a PEM"));
            env.put("ATOLL_CA_FILE", dir.resolve("missing.pem").toString());
            assertEquals("error: ATOLL_CA_FILE: " + dir.resolve("missing.pem") + ": no such file\n",
                    run("nodes").err());
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("keytool did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
    }
}

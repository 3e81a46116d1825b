package org.atoll.kernel.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.atoll.kernel.internal.state.Json;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class OpenApiTest {

    enum Protocol { TCP, @JsonProperty("udp") UDP }

    enum State { RUNNING, STOPPED }

    /** Jackson also writes a record's getters: {@code privileged} is a property, {@code withPort} is not. */
    record Port(int port, Protocol protocol) {
        public boolean isPrivileged() {
            return port < 1024;
        }

        public Port withPort(int newPort) {
            return new Port(newPort, protocol);
        }
    }

    record Spec(String image, int count, Map<String, String> env, List<Port> ports, Optional<String> network,
            @JsonProperty(value = "db", required = true) String database, @JsonIgnore String secret, Set<State> states,
            long memory, double cpu, boolean privileged, Instant created, Map<String, List<Port>> byName,
            JsonNode extra, Object any, ObjectNode patch, Integer boxed) {
    }

    record Outcome(boolean changed, List<String> changes, String message) {
    }

    record Row(String name, int services, Instant created) {
    }

    record NewDeployment(String name, String description) {
    }

    /** Refers to itself directly and through a list. */
    record Tree(String name, List<Tree> children, Tree parent) {
    }

    /** A and B refer to each other. */
    record A(B b) {
    }

    record B(A a, Optional<A> maybe) {
    }

    static final class V1 {
        record Item(String a) {
        }
    }

    static final class V2 {
        record Item(int b) {
        }
    }

    /** Not a record: described by its getters. */
    public static final class Bean {
        public String getName() {
            return "n";
        }

        public boolean isUp() {
            return true;
        }

        @JsonIgnore
        public String getHidden() {
            return "h";
        }
    }

    @Path("/deployments/")
    public static class DeploymentsResource {

        @GET
        @Summary("List deployments")
        public List<Row> list() {
            return List.of();
        }

        @POST
        @Summary(value = "Create a deployment", errors = {"409 the deployment exists", "400 invalid name"})
        @Returns(NewDeployment.class)
        public Response create(NewDeployment body, @Context UriInfo uri) {
            return null;
        }

        @GET
        @Path("{d}")
        @Summary(value = "Show a deployment", errors = {"404 no such deployment", "404 or it was deleted"})
        public Response get(@PathParam("d") String d) {
            return null;
        }

        @HEAD
        @Path("{d}")
        public void exists(@PathParam("d") String d) {
        }

        @DELETE
        @Path("/{d}/")
        @Summary(value = "Delete a deployment", errors = "412 If-Match is stale")
        public Outcome delete(@PathParam("d") String d, @HeaderParam("If-Match") String ifMatch) {
            return null;
        }

        @PUT
        @Path("{d}//services/{s: [a-z]{1,3}(-[a-z0-9]+)*}")
        @Summary("Replace a service")
        public Outcome put(@PathParam("d") String d, @PathParam("s") String s,
                @QueryParam("wait") @DefaultValue("60") int wait, Spec spec) {
            return null;
        }

        @PATCH
        @Path("{d}/services/{s}")
        @Consumes({"application/json", "application/yaml"})
        public Outcome patch(@PathParam("d") String d, @PathParam("s") String s, JsonNode changes) {
            return null;
        }

        @POST
        @Path("{d}/plan")
        @Consumes({"application/yaml", "text/yaml, text/plain"})
        @Produces("application/json")
        public Outcome plan(@PathParam("d") String d, String servicefile) {
            return null;
        }

        @POST
        @Path("{d}/deploy")
        @Returns(value = Outcome.class, list = true)
        public void deploy(@PathParam("d") String d, String servicefile, @Suspended AsyncResponse response) {
        }

        @GET
        @Path("{d}/services/{s}/versions")
        public List<Optional<Spec>> versions(@PathParam("d") String d, @PathParam("s") String s) {
            return List.of();
        }

        /** A sub-resource locator: no HTTP method, not in the document. */
        @Path("{d}/sub")
        public Object locator(@PathParam("d") String d) {
            return null;
        }

        /** Not a resource method at all. */
        public String helper() {
            return "";
        }
    }

    @Path("instances")
    @Produces("application/json")
    public static class Instances {

        @GET
        @Deprecated
        public Map<String, Row> list(@QueryParam("deployment") String deployment,
                @QueryParam("state") @DefaultValue("RUNNING") State state,
                @QueryParam("verbose") @DefaultValue("false") boolean verbose,
                @QueryParam("limit") Long limit, @QueryParam("since") Instant since,
                @QueryParam("ratio") @DefaultValue("0.5") double ratio,
                @QueryParam("tag") @DefaultValue("x") List<String> tags) {
            return Map.of();
        }

        @GET
        @Path("{id}/tree")
        public Tree tree(@PathParam("id") String id) {
            return null;
        }

        @GET
        @Path("{id}/cycle")
        public A cycle(@PathParam("id") long id) {
            return null;
        }

        @GET
        @Path("items/{unbound}")
        public Map<String, Object> items(@QueryParam("v1") V1.Item one, V2.Item two) {
            return Map.of();
        }

        @GET
        @Path("bean")
        public Bean bean() {
            return null;
        }
    }

    private static final List<Class<?>> RESOURCES = List.of(DeploymentsResource.class, Instances.class);

    private static ObjectNode doc() {
        return OpenApi.document("Atoll", "1", "http://127.0.0.1:8181/api/v1", RESOURCES);
    }

    private static JsonNode op(ObjectNode doc, String path, String verb) {
        JsonNode op = doc.path("paths").path(path).path(verb);
        assertFalse(op.isMissingNode(), verb + " " + path + " in " + doc.path("paths").fieldNames());
        return op;
    }

    private static JsonNode param(JsonNode op, String name) {
        for (JsonNode p : op.path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + op);
    }

    private static JsonNode component(ObjectNode doc, String name) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertFalse(schema.isMissingNode(), "component " + name);
        return schema;
    }

    private static String ref(String name) {
        return "{\"$ref\":\"#/components/schemas/" + name + "\"}";
    }

    @Test
    void topLevelHasVersionInfoServerAndBasicSecurity() {
        ObjectNode doc = doc();
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertEquals("{\"title\":\"Atoll\",\"version\":\"1\"}", doc.path("info").toString());
        assertEquals("[{\"url\":\"http://127.0.0.1:8181/api/v1\"}]", doc.path("servers").toString());
        assertEquals("[{\"basic\":[]}]", doc.path("security").toString());
        assertEquals("{\"basic\":{\"type\":\"http\",\"scheme\":\"basic\"}}",
                doc.path("components").path("securitySchemes").toString());
    }

    @Test
    void pathsAreJoinedWithSingleSlashesAndKeepOnlyTemplateNames() {
        List<String> paths = new ArrayList<>();
        doc().path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(List.of("/deployments", "/deployments/{d}", "/deployments/{d}/deploy", "/deployments/{d}/plan",
                "/deployments/{d}/services/{s}", "/deployments/{d}/services/{s}/versions", "/instances",
                "/instances/items/{unbound}", "/instances/bean", "/instances/{id}/cycle", "/instances/{id}/tree")
                .stream().sorted().toList(), paths);
        List<String> verbs = new ArrayList<>();
        doc().path("paths").path("/deployments/{d}").fieldNames().forEachRemaining(verbs::add);
        assertEquals(List.of("get", "delete", "head"), verbs);
        List<String> serviceVerbs = new ArrayList<>();
        doc().path("paths").path("/deployments/{d}/services/{s}").fieldNames().forEachRemaining(serviceVerbs::add);
        assertEquals(List.of("put", "patch"), serviceVerbs);
    }

    @Test
    void operationsHaveIdTagAndSummary() {
        JsonNode list = op(doc(), "/deployments", "get");
        assertEquals("DeploymentsResource_list", list.path("operationId").asText());
        assertEquals("[\"Deployments\"]", list.path("tags").toString());
        assertEquals("List deployments", list.path("summary").asText());
        JsonNode instances = op(doc(), "/instances", "get");
        assertEquals("[\"Instances\"]", instances.path("tags").toString());
        assertFalse(instances.has("summary"));
        assertTrue(instances.path("deprecated").asBoolean());
    }

    @Test
    void parametersAreTypedAndDefaulted() {
        ObjectNode doc = doc();
        JsonNode put = op(doc, "/deployments/{d}/services/{s}", "put");
        assertEquals("{\"name\":\"s\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}",
                param(put, "s").toString());
        assertEquals("{\"name\":\"wait\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"format\":\"int32\","
                + "\"default\":60}}", param(put, "wait").toString());
        assertEquals("{\"name\":\"If-Match\",\"in\":\"header\",\"schema\":{\"type\":\"string\"}}",
                param(op(doc, "/deployments/{d}", "delete"), "If-Match").toString());

        JsonNode list = op(doc, "/instances", "get");
        assertEquals("{\"type\":\"string\",\"enum\":[\"RUNNING\",\"STOPPED\"],\"default\":\"RUNNING\"}",
                param(list, "state").path("schema").toString());
        assertEquals("{\"type\":\"boolean\",\"default\":false}", param(list, "verbose").path("schema").toString());
        assertEquals("{\"type\":\"integer\",\"format\":\"int64\"}", param(list, "limit").path("schema").toString());
        assertEquals("{\"type\":\"string\",\"format\":\"date-time\"}", param(list, "since").path("schema").toString());
        assertEquals("{\"type\":\"number\",\"format\":\"double\",\"default\":0.5}",
                param(list, "ratio").path("schema").toString());
        assertEquals("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"default\":[\"x\"]}",
                param(list, "tag").path("schema").toString());
        assertFalse(param(list, "deployment").has("required"));

        assertEquals("{\"type\":\"integer\",\"format\":\"int64\"}",
                param(op(doc, "/instances/{id}/cycle", "get"), "id").path("schema").toString());
        // {unbound} has no @PathParam: it is still described, as a string.
        assertEquals("{\"name\":\"unbound\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}",
                param(op(doc, "/instances/items/{unbound}", "get"), "unbound").toString());
    }

    @Test
    void contextAndSuspendedParametersAreNeitherParametersNorBodies() {
        JsonNode create = op(doc(), "/deployments", "post");
        assertFalse(create.has("parameters"));
        assertEquals("{\"required\":true,\"content\":{\"application/json\":{\"schema\":" + ref("NewDeployment")
                + "}}}", create.path("requestBody").toString());
        JsonNode deploy = op(doc(), "/deployments/{d}/deploy", "post");
        assertEquals(1, deploy.path("parameters").size());
        assertEquals("{\"type\":\"string\"}",
                deploy.path("requestBody").path("content").path("application/json").path("schema").toString());
    }

    @Test
    void yamlStringBodyIsAStringForEveryMediaType() {
        JsonNode plan = op(doc(), "/deployments/{d}/plan", "post");
        assertEquals("{\"application/yaml\":{\"schema\":{\"type\":\"string\"}},"
                + "\"text/yaml\":{\"schema\":{\"type\":\"string\"}},\"text/plain\":{\"schema\":{\"type\":\"string\"}}}",
                plan.path("requestBody").path("content").toString());
        JsonNode patch = op(doc(), "/deployments/{d}/services/{s}", "patch");
        assertEquals("{\"application/json\":{\"schema\":{}},\"application/yaml\":{\"schema\":{}}}",
                patch.path("requestBody").path("content").toString());
    }

    @Test
    void successStatusAndBodyFollowTheReturnType() {
        ObjectNode doc = doc();
        JsonNode create = op(doc, "/deployments", "post").path("responses");
        assertEquals("{\"description\":\"Created\",\"content\":{\"application/json\":{\"schema\":"
                + ref("NewDeployment") + "}}}", create.path("201").toString());
        assertFalse(create.has("200"));
        assertEquals("{\"description\":\"OK\",\"content\":{\"application/json\":{\"schema\":{\"type\":\"array\","
                + "\"items\":" + ref("Row") + "}}}}", op(doc, "/deployments", "get").path("responses").path("200")
                .toString());
        // Response without @Returns: the media type, no schema.
        assertEquals("{\"description\":\"OK\",\"content\":{\"application/json\":{}}}",
                op(doc, "/deployments/{d}", "get").path("responses").path("200").toString());
        // void with @Returns(list = true) answers a list; void without it 204; HEAD has no content.
        assertEquals("{\"type\":\"array\",\"items\":" + ref("Outcome") + "}", op(doc, "/deployments/{d}/deploy",
                "post").path("responses").path("200").path("content").path("application/json").path("schema")
                .toString());
        assertEquals("{\"description\":\"No Content\"}",
                op(doc, "/deployments/{d}", "head").path("responses").path("204").toString());
        assertEquals("{\"type\":\"array\",\"items\":" + ref("Spec") + "}", op(doc,
                "/deployments/{d}/services/{s}/versions", "get").path("responses").path("200").path("content")
                .path("application/json").path("schema").toString());
        assertEquals("{\"type\":\"object\",\"additionalProperties\":" + ref("Row") + "}", op(doc, "/instances", "get")
                .path("responses").path("200").path("content").path("application/json").path("schema").toString());
    }

    @Test
    void errorsBecomeProblemResponsesAndEveryOperationGets401AndWritesGet403() {
        ObjectNode doc = doc();
        JsonNode create = op(doc, "/deployments", "post").path("responses");
        List<String> codes = new ArrayList<>();
        create.fieldNames().forEachRemaining(codes::add);
        assertEquals(List.of("201", "400", "401", "403", "409"), codes);
        assertEquals("{\"description\":\"the deployment exists\",\"content\":{\"application/problem+json\":"
                + "{\"schema\":" + ref("Problem") + "}}}", create.path("409").toString());
        JsonNode get = op(doc, "/deployments/{d}", "get").path("responses");
        assertEquals("no such deployment; or it was deleted", get.path("404").path("description").asText());
        assertTrue(get.has("401"));
        assertFalse(get.has("403"));
        assertTrue(op(doc, "/deployments/{d}", "delete").path("responses").has("412"));
        assertTrue(op(doc, "/deployments/{d}", "head").path("responses").has("403"));
        JsonNode problem = component(doc, "Problem").path("properties");
        List<String> fields = new ArrayList<>();
        problem.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("type", "title", "status", "detail", "field", "instance"), fields);
        assertEquals("integer", problem.path("status").path("type").asText());
    }

    @Test
    void recordsBecomeComponentsWithJacksonNamesAndTypedProperties() {
        ObjectNode doc = doc();
        JsonNode spec = component(doc, "Spec");
        assertEquals("object", spec.path("type").asText());
        assertEquals("[\"db\"]", spec.path("required").toString());
        JsonNode p = spec.path("properties");
        List<String> names = new ArrayList<>();
        p.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("image", "count", "env", "ports", "network", "db", "states", "memory", "cpu",
                "privileged", "created", "byName", "extra", "any", "patch", "boxed"), names);
        assertEquals("{\"type\":\"string\"}", p.path("image").toString());
        assertEquals("{\"type\":\"integer\",\"format\":\"int32\"}", p.path("count").toString());
        assertEquals("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}", p.path("env").toString());
        assertEquals("{\"type\":\"array\",\"items\":" + ref("Port") + "}", p.path("ports").toString());
        assertEquals("{\"type\":\"string\"}", p.path("network").toString());
        assertEquals("{\"type\":\"array\",\"items\":" + ref("State") + "}", p.path("states").toString());
        assertEquals("{\"type\":\"integer\",\"format\":\"int64\"}", p.path("memory").toString());
        assertEquals("{\"type\":\"number\",\"format\":\"double\"}", p.path("cpu").toString());
        assertEquals("{\"type\":\"boolean\"}", p.path("privileged").toString());
        assertEquals("{\"type\":\"string\",\"format\":\"date-time\"}", p.path("created").toString());
        assertEquals("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":" + ref("Port")
                + "}}", p.path("byName").toString());
        assertEquals("{}", p.path("extra").toString());
        assertEquals("{}", p.path("any").toString());
        assertEquals("{}", p.path("patch").toString());
        assertEquals("{\"type\":\"integer\",\"format\":\"int32\"}", p.path("boxed").toString());

        assertEquals("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\",\"format\":\"int32\"},"
                + "\"protocol\":" + ref("Protocol") + ",\"privileged\":{\"type\":\"boolean\"}}}",
                component(doc, "Port").toString());
        assertEquals("{\"type\":\"string\",\"enum\":[\"TCP\",\"udp\"]}", component(doc, "Protocol").toString());
        assertEquals("{\"type\":\"string\",\"enum\":[\"RUNNING\",\"STOPPED\"]}", component(doc, "State").toString());
    }

    @Test
    void cyclesEndAtTheReference() {
        ObjectNode doc = doc();
        assertEquals("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"children\":"
                + "{\"type\":\"array\",\"items\":" + ref("Tree") + "},\"parent\":" + ref("Tree") + "}}",
                component(doc, "Tree").toString());
        assertEquals("{\"type\":\"object\",\"properties\":{\"b\":" + ref("B") + "}}", component(doc, "A").toString());
        assertEquals("{\"type\":\"object\",\"properties\":{\"a\":" + ref("A") + ",\"maybe\":" + ref("A") + "}}",
                component(doc, "B").toString());
    }

    @Test
    void classesWithTheSameSimpleNameGetDistinctComponents() {
        ObjectNode doc = doc();
        JsonNode items = op(doc, "/instances/items/{unbound}", "get");
        String one = param(items, "v1").path("schema").path("$ref").asText();
        String two = items.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText();
        assertNotEquals(one, two);
        Set<String> properties = new HashSet<>();
        for (String ref : List.of(one, two)) {
            component(doc, ref.substring(ref.lastIndexOf('/') + 1)).path("properties").fieldNames()
                    .forEachRemaining(properties::add);
        }
        assertEquals(Set.of("a", "b"), properties);
    }

    @Test
    void beansAreDescribedByTheirGetters() {
        assertEquals("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"up\":"
                + "{\"type\":\"boolean\"}}}", component(doc(), "Bean").toString());
    }

    @Test
    void propertiesAreTheOnesTheKernelsMapperWrites() {
        ObjectNode doc = doc();
        Map<String, Object> samples = Map.of("Port", new Port(80, Protocol.UDP), "Bean", new Bean(),
                "Tree", new Tree("t", List.of(), null), "Row", new Row("r", 1, Instant.EPOCH));
        samples.forEach((name, sample) -> {
            Set<String> written = new HashSet<>();
            Json.STORE.valueToTree(sample).fieldNames().forEachRemaining(written::add);
            Set<String> described = new HashSet<>();
            component(doc, name).path("properties").fieldNames().forEachRemaining(described::add);
            assertEquals(written, described, name);
        });
        assertEquals("udp", Json.STORE.valueToTree(new Port(80, Protocol.UDP)).path("protocol").asText());
    }

    @Test
    void locatorsAndPlainMethodsAreNotOperations() {
        assertTrue(doc().path("paths").path("/deployments/{d}/sub").isMissingNode());
        assertFalse(doc().toString().contains("helper"));
    }

    @Test
    void outputIsDeterministic() {
        String first = doc().toString();
        assertEquals(first, doc().toString());
        assertEquals(first, OpenApi.document("Atoll", "1", "http://127.0.0.1:8181/api/v1",
                List.of(Instances.class, DeploymentsResource.class)).toString());
    }

    @Test
    void documentIsValidEnough() {
        assertValid(doc());
    }

    /** Every $ref resolves; every path template variable has exactly one required path parameter and no more. */
    static void assertValid(ObjectNode doc) {
        JsonNode schemas = doc.path("components").path("schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/"), ref);
            assertTrue(schemas.has(ref.substring("#/components/schemas/".length())), "unresolved " + ref);
        }
        Set<String> ids = new HashSet<>();
        Pattern template = Pattern.compile("\\{([^}/]+)}");
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertTrue(path.getKey().startsWith("/") && !path.getKey().contains("//"), path.getKey());
            Set<String> variables = new HashSet<>();
            Matcher m = template.matcher(path.getKey());
            while (m.find()) {
                variables.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(operation -> {
                String where = operation.getKey() + " " + path.getKey();
                assertTrue(ids.add(operation.getValue().path("operationId").asText()), "duplicate id at " + where);
                Set<String> declared = new HashSet<>();
                for (JsonNode p : operation.getValue().path("parameters")) {
                    if (p.path("in").asText().equals("path")) {
                        assertTrue(p.path("required").asBoolean(), where + " " + p);
                        assertTrue(declared.add(p.path("name").asText()), where + " " + p);
                    }
                }
                assertEquals(variables, declared, where);
                JsonNode responses = operation.getValue().path("responses");
                assertFalse(responses.isEmpty(), where);
                responses.fields().forEachRemaining(r -> assertTrue(r.getValue().path("description").isTextual(),
                        where + " " + r.getKey()));
            });
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    // Mistakes in the annotations are refused with the method named.

    @Path("x")
    public static class TwoBodies {
        @POST
        public void post(String one, String two) {
        }
    }

    @Path("x/{a}")
    public static class StrayPathParam {
        @GET
        public String get(@PathParam("b") String b) {
            return "";
        }
    }

    @Path("x")
    public static class BadError {
        @DELETE
        @Summary(value = "Delete", errors = "not found")
        public void delete() {
        }
    }

    @Path("x")
    public static class BadDefault {
        @GET
        public String get(@QueryParam("n") @DefaultValue("ten") int n) {
            return "";
        }
    }

    @Path("x")
    public static class BadEnumDefault {
        @GET
        public String get(@QueryParam("state") @DefaultValue("GONE") State state) {
            return "";
        }
    }

    @Path("x")
    public static class Clash {
        @GET
        public String one() {
            return "";
        }

        @GET
        @Path("/")
        public String two() {
            return "";
        }
    }

    @Test
    void mistakesAreRefusedNamingTheMethod() {
        assertRefused(TwoBodies.class, "TwoBodies.post has more than one entity parameter: parameters 1 and 2");
        assertRefused(StrayPathParam.class, "StrayPathParam.get: @PathParam(\"b\") is not in its path /x/{a}");
        assertRefused(BadError.class, "BadError.delete: @Summary error \"not found\" is not \"NNN text\"");
        assertRefused(BadDefault.class, "BadDefault.get parameter n: @DefaultValue \"ten\" is not of type integer");
        assertRefused(BadEnumDefault.class,
                "BadEnumDefault.get parameter state: @DefaultValue \"GONE\" is not one of [\"RUNNING\",\"STOPPED\"]");
        assertRefused(Clash.class, "GET /x is declared by both Clash.one and Clash.two");
    }

    private static void assertRefused(Class<?> resource, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenApi.document("t", "1", "http://h", List.of(resource)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> OpenApi.document("t", "1", null, RESOURCES));
        assertEquals("serverUrl", e.getMessage());
    }
}

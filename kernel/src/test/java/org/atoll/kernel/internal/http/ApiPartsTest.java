package org.atoll.kernel.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.core.MediaType;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.DeployService;
import org.junit.jupiter.api.Test;

/** The parts of the HTTP API that need no server: logins, If-Match, strict bodies, problems. */
class ApiPartsTest {

    @Test
    void aLoginIsRememberedBrieflyAndAWrongPasswordNever() {
        List<String> asked = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        Authenticator auth = new Authenticator((user, password) -> {
            asked.add(user);
            return new String(password).equals("right") ? Set.of("viewer") : null;
        }, 10, now::get);

        assertEquals(Set.of("viewer"), auth.login("ops", "right").roles());
        assertEquals(Set.of("viewer"), auth.login("ops", "right").roles());
        assertEquals(List.of("ops"), asked, "the second request reused the login");
        assertNull(auth.login("ops", "wrong"));
        assertNull(auth.login("ops", "wrong"));
        assertEquals(List.of("ops", "ops", "ops"), asked, "a wrong password is asked every time");
        now.addAndGet(11);
        auth.login("ops", "right");
        assertEquals(4, asked.size(), "after the time, the realm is asked again");
        assertNull(auth.login("ops", "righ"), "another password is another login");
    }

    @Test
    void ifMatchTakesOneStrongTag() {
        assertEquals(DeployService.ANY_REVISION, Http.ifMatch(null, 7));
        assertEquals(42, Http.ifMatch("\"42\"", 7));
        assertEquals(7, Http.ifMatch("*", 7));
        assertEquals(412, assertThrows(ApiError.class, () -> Http.ifMatch("*", 0)).status());
        for (String bad : List.of("42", "W/\"42\"", "\"42\", \"43\"", "\"-1\"", "\"x\"", "\"99999999999999999999\"")) {
            ApiError e = assertThrows(ApiError.class, () -> Http.ifMatch(bad, 7), bad);
            assertEquals(400, e.status(), bad);
            assertEquals("If-Match", e.field(), bad);
        }
        assertEquals(400, assertThrows(ApiError.class, () -> Http.waitTime(-1)).status());
        assertEquals("wait", assertThrows(ApiError.class, () -> Http.waitTime(3601)).field());
    }

    @Test
    void jsonBodiesAreReadStrictlyNamingTheField() throws IOException {
        JsonBody body = new JsonBody(1000);
        assertEquals(new Views.NewDeployment("foo", null), read(body, Views.NewDeployment.class, "{\"name\":\"foo\"}"));

        ApiError unknown = assertThrows(ApiError.class,
                () -> read(body, Views.NewDeployment.class, "{\"name\":\"foo\",\"nmae\":1}"));
        assertEquals("nmae", unknown.field());
        assertTrue(unknown.getMessage().contains("known fields: description, name"), unknown.getMessage());

        ApiError type = assertThrows(ApiError.class, () -> read(body, Views.Rollback.class, "{\"version\":\"2\"}"));
        assertEquals("version", type.field(), "no coercion of a string to a number");
        assertEquals(400, type.status());

        ApiError nested = assertThrows(ApiError.class,
                () -> read(body, ServiceSpec.class, "{\"image\":\"a\",\"ports\":[{\"container\":\"x\"}]}"));
        assertEquals("ports[0].container", nested.field());

        ApiError malformed = assertThrows(ApiError.class, () -> read(body, Views.Rollback.class, "{\"version\":"));
        assertTrue(malformed.getMessage().startsWith("malformed JSON at line 1"), malformed.getMessage());
        assertThrows(ApiError.class, () -> read(body, Views.Rollback.class, "{\"version\":1} {}"), "trailing data");
        assertThrows(ApiError.class, () -> read(body, Views.Rollback.class, "{\"version\":null}"), "null number");
        assertThrows(ApiError.class, () -> read(body, Views.Rollback.class, ""), "no body");

        ApiError large = assertThrows(ApiError.class,
                () -> read(body, Views.NewDeployment.class, "{\"name\":\"" + "a".repeat(1000) + "\"}"));
        assertEquals(413, large.status());
    }

    @Test
    void textBodiesAreUtf8AndLimited() throws IOException {
        TextBody text = new TextBody(8);
        assertEquals("héllo", text.readFrom(String.class, String.class, null, MediaType.valueOf("application/yaml"),
                null, new ByteArrayInputStream("héllo".getBytes(StandardCharsets.UTF_8))));
        assertEquals(413, assertThrows(ApiError.class, () -> text.readFrom(String.class, String.class, null, null, null,
                new ByteArrayInputStream(new byte[9]))).status());
        assertEquals(400, assertThrows(ApiError.class, () -> text.readFrom(String.class, String.class, null, null, null,
                new ByteArrayInputStream(new byte[] {(byte) 0xC3, 0x28}))).status());
        assertEquals(415, assertThrows(ApiError.class, () -> text.readFrom(String.class, String.class, null,
                MediaType.valueOf("text/plain;charset=ISO-8859-1"), null, new ByteArrayInputStream(new byte[1])))
                .status());
    }

    @Test
    void problemsNameTheKindAndTheField() {
        ProblemMapper mapper = new ProblemMapper();
        Problem p = mapper.problem(new org.atoll.kernel.internal.validate.ValidationException("spec.image", "is required"));
        assertEquals(400, p.status());
        assertEquals("spec.image", p.field());
        assertEquals("https://atoll.dev/problems/invalid", p.type());
        assertEquals(412, mapper.problem(new org.atoll.kernel.internal.deploy.StaleRevisionException("foo", 3, 4))
                .status());
        assertEquals(404, mapper.problem(new org.atoll.kernel.internal.validate.ValidationException("name",
                "no deployment \"x\"")).status());
        Problem internal = mapper.problem(new IllegalStateException("secret detail"));
        assertEquals(500, internal.status());
        assertTrue(!internal.detail().contains("secret detail"), "internal errors are logged, not shown");
    }

    @Test
    void theApiDocumentsEveryOperationOfItsResources() {
        var doc = OpenApi.document("Atoll", "v1", "/api/v1", ApiServer.DOCUMENTED);
        OpenApiTest.assertValid(doc);
        var paths = doc.get("paths");
        assertTrue(paths.has("/deployments/{deployment}/services/{service}"), paths.toString());
        assertTrue(paths.get("/deployments/{deployment}/services/{service}").has("patch"));
        assertTrue(paths.has("/openapi.json"));
        assertTrue(paths.has("/instances"));
        assertTrue(paths.get("/deployments/{deployment}").get("delete").get("responses").has("412"),
                "If-Match's failure is documented");
    }

    private static Object read(JsonBody body, Class<?> type, String json) throws IOException {
        @SuppressWarnings("unchecked")
        Class<Object> t = (Class<Object>) type;
        return body.readFrom(t, type, null, MediaType.APPLICATION_JSON_TYPE, null,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}

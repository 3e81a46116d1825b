package org.atoll.kernel.internal.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;



/**
 * Builds the OpenAPI 3.0.3 document of the HTTP API by reflection over the JAX-RS resource classes, so the
 * document cannot drift from the code. The output is deterministic: resources and methods are visited in
 * name order, paths and component schemas are sorted, operations follow the OpenAPI order of methods.
 *
 * <p>Success status: 201 for a {@code @POST} method that carries {@link Summary} and whose name starts with
 * {@code create}; 204 for a method returning void without {@link Returns}; 200 otherwise. Body schemas come
 * from {@link Returns} when present, else from the generic return type; a {@link Response} without
 * {@link Returns} gets media types but no schema. Methods without an HTTP method annotation (sub-resource
 * locators) are not followed; {@code @FormParam}, {@code @MatrixParam} and {@code @BeanParam} are not
 * described. A mistake in the annotations (two bodies, a {@code @PathParam} not in the path, a malformed
 * error entry, two methods for one path and method) is an {@link IllegalArgumentException} naming the method.
 */
public final class OpenApi {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PROBLEM_JSON = "application/problem+json";

    private static final List<String> VERBS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern ERROR = Pattern.compile("([1-5][0-9][0-9])\\s+(\\S.*)");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

    private OpenApi() {
    }

    public static ObjectNode document(String title, String version, String serverUrl, List<Class<?>> resources) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(resources, "resources");
        Schemas schemas = new Schemas();
        Map<String, Map<String, ObjectNode>> paths = new TreeMap<>();
        Map<String, String> declaredBy = new LinkedHashMap<>();
        Set<String> operationIds = new HashSet<>();
        List<Class<?>> sorted = new ArrayList<>(resources);
        sorted.sort(Comparator.comparing(Class::getName));
        for (Class<?> resource : sorted) {
            for (Method method : methods(resource)) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                String path = path(resource, method);
                String where = where(method);
                String previous = declaredBy.putIfAbsent(verb + " " + path, where);
                if (previous != null) {
                    throw new IllegalArgumentException(verb.toUpperCase(Locale.ROOT) + " " + path
                            + " is declared by both " + previous + " and " + where);
                }
                String id = resource.getSimpleName() + "_" + method.getName();
                for (int n = 2; !operationIds.add(id); n++) {
                    id = resource.getSimpleName() + "_" + method.getName() + "_" + n;
                }
                paths.computeIfAbsent(path, p -> new TreeMap<>(Comparator.comparing(VERBS::indexOf)))
                        .put(verb, operation(resource, method, verb, path, id, schemas));
            }
        }

        ObjectNode doc = MAPPER.createObjectNode().put("openapi", "3.0.3");
        doc.putObject("info").put("title", title).put("version", version);
        doc.putArray("servers").addObject().put("url", serverUrl);
        doc.putArray("security").addObject().putArray("basic");
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach((path, operations) -> {
            ObjectNode item = pathsNode.putObject(path);
            operations.forEach(item::set);
        });
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas.components());
        components.putObject("securitySchemes").putObject("basic").put("type", "http").put("scheme", "basic");
        return doc;
    }

    private static ObjectNode operation(Class<?> resource, Method method, String verb, String path, String id,
            Schemas schemas) {
        ObjectNode op = MAPPER.createObjectNode();
        String tag = resource.getSimpleName().replaceFirst("Resource$", "");
        op.putArray("tags").add(tag.isEmpty() ? resource.getSimpleName() : tag);
        Summary summary = method.getAnnotation(Summary.class);
        if (summary != null) {
            op.put("summary", summary.value());
        }
        op.put("operationId", id);
        ArrayNode parameters = parameters(method, path, schemas);
        if (!parameters.isEmpty()) {
            op.set("parameters", parameters);
        }
        Parameter body = body(method);
        if (body != null) {
            ObjectNode requestBody = op.putObject("requestBody").put("required", true);
            ObjectNode content = requestBody.putObject("content");
            ObjectNode schema = schemas.of(body.getParameterizedType());
            for (String type : mediaTypes(method.getAnnotation(Consumes.class),
                    resource.getAnnotation(Consumes.class))) {
                content.putObject(type).set("schema", schema.deepCopy());
            }
        }
        op.set("responses", responses(resource, method, verb, summary, schemas));
        if (method.isAnnotationPresent(Deprecated.class)) {
            op.put("deprecated", true);
        }
        return op;
    }

    private static ObjectNode responses(Class<?> resource, Method method, String verb, Summary summary,
            Schemas schemas) {
        Map<String, ObjectNode> byCode = new TreeMap<>();
        Returns returns = method.getAnnotation(Returns.class);
        Class<?> raw = method.getReturnType();
        ObjectNode schema = null;
        String code = "200";
        if (returns != null) {
            schema = schemas.of(returns.value());
            if (returns.list()) {
                schema = Schemas.array(schema);
            }
        } else if (raw == void.class || raw == Void.class) {
            code = "204";
        } else if (raw != Response.class) {
            schema = schemas.of(method.getGenericReturnType());
        }
        if ("post".equals(verb) && summary != null && method.getName().startsWith("create")) {
            code = "201";
        }
        ObjectNode ok = MAPPER.createObjectNode().put("description", Map.of("200", "OK", "201", "Created", "204",
                "No Content").get(code));
        if (!"204".equals(code) && !"head".equals(verb)) {
            ObjectNode content = ok.putObject("content");
            for (String type : mediaTypes(method.getAnnotation(Produces.class),
                    resource.getAnnotation(Produces.class))) {
                ObjectNode media = content.putObject(type);
                if (schema != null) {
                    media.set("schema", schema.deepCopy());
                }
            }
        }
        byCode.put(code, ok);
        Map<String, String> errors = new LinkedHashMap<>();
        for (String entry : summary == null ? new String[0] : summary.errors()) {
            Matcher m = ERROR.matcher(entry.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(where(method) + ": @Summary error \"" + entry
                        + "\" is not \"NNN text\" with NNN a status from 100 to 599");
            }
            errors.merge(m.group(1), m.group(2), (a, b) -> a + "; " + b);
        }
        errors.putIfAbsent("401", "Missing or bad credentials");
        if (!"get".equals(verb)) {
            errors.putIfAbsent("403", "The user may only read");
        }
        errors.forEach((status, text) -> {
            ObjectNode response = MAPPER.createObjectNode().put("description", text);
            response.putObject("content").putObject(PROBLEM_JSON).putObject("schema")
                    .put("$ref", Schemas.REF + "Problem");
            byCode.putIfAbsent(status, response);
        });
        ObjectNode responses = MAPPER.createObjectNode();
        byCode.forEach(responses::set);
        return responses;
    }

    private static ArrayNode parameters(Method method, String path, Schemas schemas) {
        ArrayNode out = MAPPER.createArrayNode();
        Set<String> templated = new LinkedHashSet<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            templated.add(m.group(1));
        }
        Set<String> bound = new HashSet<>();
        for (Parameter parameter : method.getParameters()) {
            String in;
            String name;
            if (parameter.isAnnotationPresent(PathParam.class)) {
                in = "path";
                name = parameter.getAnnotation(PathParam.class).value();
                if (!templated.contains(name)) {
                    throw new IllegalArgumentException(where(method) + ": @PathParam(\"" + name
                            + "\") is not in its path " + path);
                }
                if (!bound.add(name)) {
                    continue; // bound twice: described once
                }
            } else if (parameter.isAnnotationPresent(QueryParam.class)) {
                in = "query";
                name = parameter.getAnnotation(QueryParam.class).value();
            } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
                in = "header";
                name = parameter.getAnnotation(HeaderParam.class).value();
            } else if (parameter.isAnnotationPresent(CookieParam.class)) {
                in = "cookie";
                name = parameter.getAnnotation(CookieParam.class).value();
            } else {
                continue;
            }
            ObjectNode p = out.addObject().put("name", name).put("in", in);
            if ("path".equals(in)) {
                p.put("required", true);
            }
            ObjectNode schema = p.putObject("schema").setAll(schemas.parameter(parameter.getParameterizedType()));
            DefaultValue dflt = parameter.getAnnotation(DefaultValue.class);
            if (dflt != null) {
                schema.set("default", value(schema, dflt.value(), where(method) + " parameter " + name));
            }
        }
        // A template variable no parameter binds still has to be described for the path to be valid.
        for (String name : templated) {
            if (!bound.contains(name)) {
                out.addObject().put("name", name).put("in", "path").put("required", true)
                        .putObject("schema").put("type", "string");
            }
        }
        return out;
    }

    /** A {@code @DefaultValue} as a value of the parameter's schema. */
    private static JsonNode value(ObjectNode schema, String text, String where) {
        String type = schema.path("type").asText();
        try {
            switch (type) {
                case "integer":
                    return MAPPER.getNodeFactory().numberNode(Long.parseLong(text.trim()));
                case "number":
                    return MAPPER.getNodeFactory().numberNode(Double.parseDouble(text.trim()));
                case "boolean":
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new NumberFormatException();
                    }
                    return MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
                case "array":
                    return MAPPER.createArrayNode().add(value((ObjectNode) schema.path("items"), text, where));
                default:
                    break;
            }
        } catch (NumberFormatException | ClassCastException e) {
            throw new IllegalArgumentException(where + ": @DefaultValue \"" + text + "\" is not of type " + type);
        }
        boolean known = !schema.has("enum");
        for (JsonNode v : schema.path("enum")) {
            known |= v.asText().equals(text);
        }
        if (!known) {
            throw new IllegalArgumentException(where + ": @DefaultValue \"" + text + "\" is not one of "
                    + schema.get("enum"));
        }
        return MAPPER.getNodeFactory().textNode(text);
    }

    /** The entity parameter: the one without any JAX-RS annotation ({@code @Context} ones are not it). */
    private static Parameter body(Method method) {
        Parameter[] parameters = method.getParameters();
        int body = -1;
        for (int i = 0; i < parameters.length; i++) {
            boolean jaxrs = Arrays.stream(parameters[i].getAnnotations())
                    .anyMatch(a -> a.annotationType().getName().startsWith("javax.ws.rs."));
            if (jaxrs) {
                continue;
            }
            if (body >= 0) {
                throw new IllegalArgumentException(where(method) + " has more than one entity parameter: parameters "
                        + (body + 1) + " and " + (i + 1) + " have no JAX-RS annotation");
            }
            body = i;
        }
        return body < 0 ? null : parameters[body];
    }

    private static List<Method> methods(Class<?> resource) {
        List<Method> methods = new ArrayList<>();
        for (Method method : resource.getMethods()) {
            if (!method.isBridge() && !method.isSynthetic() && !Modifier.isStatic(method.getModifiers())) {
                methods.add(method);
            }
        }
        methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        return methods;
    }

    /** The lower-case HTTP method of a resource method, null for a sub-resource locator or a plain method. */
    private static String verb(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Class and method {@code @Path} joined, template regexes dropped: {@code {s: .+}} → {@code {s}}. */
    static String path(Class<?> resource, Method method) {
        StringBuilder out = new StringBuilder();
        for (Path p : new Path[] {resource.getAnnotation(Path.class), method.getAnnotation(Path.class)}) {
            if (p == null) {
                continue;
            }
            for (String segment : template(p.value(), method).split("/")) {
                if (!segment.isEmpty()) {
                    out.append('/').append(segment);
                }
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String template(String path, Method method) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int depth = 0;
            int end = i;
            for (; end < path.length(); end++) {
                char e = path.charAt(end);
                depth += e == '{' ? 1 : e == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            if (end == path.length()) {
                throw new IllegalArgumentException(where(method) + ": @Path \"" + path + "\" has an unclosed {");
            }
            String inner = path.substring(i + 1, end);
            int colon = inner.indexOf(':');
            out.append('{').append((colon < 0 ? inner : inner.substring(0, colon)).trim()).append('}');
            i = end + 1;
        }
        return out.toString();
    }

    private static List<String> mediaTypes(Consumes method, Consumes resource) {
        return mediaTypes(method != null ? method.value() : resource != null ? resource.value() : null);
    }

    private static List<String> mediaTypes(Produces method, Produces resource) {
        return mediaTypes(method != null ? method.value() : resource != null ? resource.value() : null);
    }

    private static List<String> mediaTypes(String[] declared) {
        if (declared == null) {
            return List.of(MediaType.APPLICATION_JSON);
        }
        Set<String> types = new LinkedHashSet<>();
        for (String value : declared) {
            for (String type : value.split(",")) {
                if (!type.isBlank()) {
                    types.add(type.trim());
                }
            }
        }
        return types.isEmpty() ? List.of(MediaType.APPLICATION_JSON) : List.copyOf(types);
    }

    private static String where(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}

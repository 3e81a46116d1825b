package org.atoll.kernel.internal.http;

import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
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

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
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

    /**
     * JSON schemas of Java types. Records, enums and classes with getters become components named by their
     * simple name (the qualified name when two classes share one) and are referenced with {@code $ref};
     * a component is registered before its properties are built, so cycles end at the reference.
     * Type variables are not resolved: {@code Page<T>} describes {@code T} by its bound.
     */
    static final class Schemas {

        static final String REF = "#/components/schemas/";

        private static final Map<Class<?>, String[]> SCALARS = new HashMap<>();

        static {
            scalar("string", null, String.class, CharSequence.class, char.class, Character.class);
            scalar("integer", "int32", int.class, Integer.class, short.class, Short.class, byte.class, Byte.class,
                    OptionalInt.class);
            scalar("integer", "int64", long.class, Long.class, OptionalLong.class);
            scalar("integer", null, BigInteger.class);
            scalar("number", "double", double.class, Double.class, OptionalDouble.class);
            scalar("number", "float", float.class, Float.class);
            scalar("number", null, BigDecimal.class);
            scalar("boolean", null, boolean.class, Boolean.class);
            scalar("string", "date-time", Instant.class, OffsetDateTime.class, ZonedDateTime.class);
            scalar("string", "date", LocalDate.class);
            scalar("string", null, LocalDateTime.class, Duration.class);
            scalar("string", "uuid", UUID.class);
            scalar("string", "uri", URI.class);
            scalar("string", "binary", byte[].class, InputStream.class, Reader.class);
        }

        private final Map<String, ObjectNode> components = new TreeMap<>();
        private final Map<Class<?>, String> names = new HashMap<>();

        Schemas() {
            ObjectNode problem = components.computeIfAbsent("Problem", n -> MAPPER.createObjectNode());
            problem.put("type", "object");
            ObjectNode properties = problem.putObject("properties");
            properties.putObject("type").put("type", "string").put("format", "uri");
            properties.putObject("title").put("type", "string");
            properties.putObject("status").put("type", "integer").put("format", "int32");
            properties.putObject("detail").put("type", "string");
            properties.putObject("field").put("type", "string");
            properties.putObject("instance").put("type", "string").put("format", "uri-reference");
            problem.putArray("required").add("type").add("title").add("status");
        }

        private static void scalar(String type, String format, Class<?>... classes) {
            for (Class<?> c : classes) {
                SCALARS.put(c, new String[] {type, format});
            }
        }

        ObjectNode components() {
            ObjectNode out = MAPPER.createObjectNode();
            components.forEach(out::set);
            return out;
        }

        static ObjectNode array(ObjectNode items) {
            ObjectNode array = MAPPER.createObjectNode().put("type", "array");
            array.set("items", items);
            return array;
        }

        /** As {@link #of}, but an enum is described in place: clients see its values next to the parameter. */
        ObjectNode parameter(Type type) {
            return type instanceof Class<?> c && c.isEnum() ? enumeration(c) : of(type);
        }

        ObjectNode of(Type type) {
            if (type instanceof ParameterizedType p) {
                Class<?> raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                if (raw == Optional.class || CompletionStage.class.isAssignableFrom(raw)) {
                    return of(args[0]);
                }
                if (Iterable.class.isAssignableFrom(raw)) {
                    return array(of(args[0]));
                }
                if (Map.class.isAssignableFrom(raw)) {
                    return map(of(args[1]));
                }
                return of(raw);
            }
            if (type instanceof GenericArrayType a) {
                return array(of(a.getGenericComponentType()));
            }
            if (type instanceof WildcardType w) {
                return of(w.getUpperBounds()[0]);
            }
            if (type instanceof TypeVariable<?> v) {
                return of(v.getBounds()[0]);
            }
            return of((Class<?>) type);
        }

        private ObjectNode of(Class<?> c) {
            String[] scalar = SCALARS.get(c);
            if (scalar != null) {
                ObjectNode node = MAPPER.createObjectNode().put("type", scalar[0]);
                return scalar[1] == null ? node : node.put("format", scalar[1]);
            }
            if (JsonNode.class.isAssignableFrom(c)) {
                return MAPPER.createObjectNode(); // before Iterable: a JsonNode is one
            }
            if (c.isArray()) {
                return array(of(c.getComponentType()));
            }
            if (Iterable.class.isAssignableFrom(c)) {
                return array(MAPPER.createObjectNode());
            }
            if (Map.class.isAssignableFrom(c)) {
                return map(MAPPER.createObjectNode());
            }
            boolean described = c.isEnum() || c.isRecord() || !(c.isPrimitive() || c.isInterface()
                    || Modifier.isAbstract(c.getModifiers()) || c.getName().startsWith("java")
                    || c.getPackageName().startsWith("com.fasterxml."));
            return described ? MAPPER.createObjectNode().put("$ref", REF + component(c)) : MAPPER.createObjectNode();
        }

        private static ObjectNode map(ObjectNode values) {
            ObjectNode map = MAPPER.createObjectNode().put("type", "object");
            map.set("additionalProperties", values);
            return map;
        }

        private String component(Class<?> c) {
            String known = names.get(c);
            if (known != null) {
                return known;
            }
            String name = components.containsKey(c.getSimpleName()) ? c.getName().replace('$', '.') : c.getSimpleName();
            names.put(c, name);
            ObjectNode schema = MAPPER.createObjectNode();
            components.put(name, schema);
            schema.setAll(c.isEnum() ? enumeration(c) : object(c));
            return name;
        }

        private static ObjectNode enumeration(Class<?> c) {
            ObjectNode schema = MAPPER.createObjectNode().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                JsonProperty renamed = null;
                try {
                    renamed = c.getField(name).getAnnotation(JsonProperty.class);
                } catch (NoSuchFieldException e) {
                    // an enum constant is always a public field
                }
                values.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : name);
            }
            return schema;
        }

        /** A record by its components, then (records too) by its public getters, as Jackson writes them. */
        private ObjectNode object(Class<?> c) {
            Map<String, Method> accessors = new LinkedHashMap<>();
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    accessors.put(rc.getName(), rc.getAccessor());
                }
            }
            Map<String, Method> getters = new TreeMap<>();
            for (Method m : c.getMethods()) {
                String property = property(m);
                if (property != null) {
                    getters.put(property, m);
                }
            }
            getters.forEach(accessors::putIfAbsent);
            ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = MAPPER.createArrayNode();
            accessors.forEach((property, accessor) -> {
                JsonIgnore ignore = jackson(JsonIgnore.class, c, property, accessor);
                if (ignore != null && ignore.value()) {
                    return;
                }
                JsonProperty renamed = jackson(JsonProperty.class, c, property, accessor);
                String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : property;
                properties.set(name, of(accessor.getGenericReturnType()));
                if (renamed != null && renamed.required()) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            return schema;
        }

        private static String property(Method m) {
            String n = m.getName();
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || m.getDeclaringClass() == Object.class || m.getReturnType() == void.class) {
                return null;
            }
            int prefix = n.startsWith("get") ? 3 : n.startsWith("is") && m.getReturnType() == boolean.class ? 2 : 0;
            if (prefix == 0 || n.length() == prefix) {
                return null;
            }
            return Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1);
        }

        /** A Jackson annotation on the accessor or on the field behind it (where record components put them). */
        private static <A extends Annotation> A jackson(Class<A> type, Class<?> c, String property, Method accessor) {
            A found = accessor.getAnnotation(type);
            for (Class<?> k = c; found == null && k != null && k != Object.class; k = k.getSuperclass()) {
                try {
                    found = k.getDeclaredField(property).getAnnotation(type);
                } catch (NoSuchFieldException e) {
                    // a getter without a field of the same name
                }
            }
            return found;
        }
    }
}

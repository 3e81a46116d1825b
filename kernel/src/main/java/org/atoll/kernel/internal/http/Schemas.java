package org.atoll.kernel.internal.http;

import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON schemas of Java types. Records, enums and classes with getters become components named by their
 * simple name (the qualified name when two classes share one) and are referenced with {@code $ref};
 * a component is registered before its properties are built, so cycles end at the reference.
 * Type variables are not resolved: {@code Page<T>} describes {@code T} by its bound.
 */
final class Schemas {

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
        ObjectNode problem = components.computeIfAbsent("Problem", n -> OpenApi.MAPPER.createObjectNode());
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
        ObjectNode out = OpenApi.MAPPER.createObjectNode();
        components.forEach(out::set);
        return out;
    }

    static ObjectNode array(ObjectNode items) {
        ObjectNode array = OpenApi.MAPPER.createObjectNode().put("type", "array");
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
            ObjectNode node = OpenApi.MAPPER.createObjectNode().put("type", scalar[0]);
            return scalar[1] == null ? node : node.put("format", scalar[1]);
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return OpenApi.MAPPER.createObjectNode(); // before Iterable: a JsonNode is one
        }
        if (c.isArray()) {
            return array(of(c.getComponentType()));
        }
        if (Iterable.class.isAssignableFrom(c)) {
            return array(OpenApi.MAPPER.createObjectNode());
        }
        if (Map.class.isAssignableFrom(c)) {
            return map(OpenApi.MAPPER.createObjectNode());
        }
        boolean described = c.isEnum() || c.isRecord() || !(c.isPrimitive() || c.isInterface()
                || Modifier.isAbstract(c.getModifiers()) || c.getName().startsWith("java")
                || c.getPackageName().startsWith("com.fasterxml."));
        return described ? OpenApi.MAPPER.createObjectNode().put("$ref", REF + component(c)) : OpenApi.MAPPER.createObjectNode();
    }

    private static ObjectNode map(ObjectNode values) {
        ObjectNode map = OpenApi.MAPPER.createObjectNode().put("type", "object");
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
        ObjectNode schema = OpenApi.MAPPER.createObjectNode();
        components.put(name, schema);
        schema.setAll(c.isEnum() ? enumeration(c) : object(c));
        return name;
    }

    private static ObjectNode enumeration(Class<?> c) {
        ObjectNode schema = OpenApi.MAPPER.createObjectNode().put("type", "string");
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
        ObjectNode schema = OpenApi.MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = OpenApi.MAPPER.createArrayNode();
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

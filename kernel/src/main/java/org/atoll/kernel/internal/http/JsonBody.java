package org.atoll.kernel.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.atoll.kernel.internal.state.Json;

/**
 * JSON bodies, read strictly: unknown fields, wrong types (no coercion of {@code "2"} to a number),
 * nulls for numbers and trailing data are refused, each naming the field. Strings are not read here
 * (see {@link TextBody}).
 */
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class JsonBody implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    static final ObjectMapper STRICT = ((JsonMapper) Json.INPUT).rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();

    private final long maxBody;

    public JsonBody(long maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type != String.class && type != InputStream.class && type != byte[].class && json(mediaType);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body = TextBody.readAll(entity, maxBody);
        if (body.length == 0) {
            throw ApiError.invalid(null, "the request needs a JSON body");
        }
        try {
            return STRICT.readValue(body, STRICT.constructType(genericType));
        } catch (JsonProcessingException e) {
            throw refused(e);
        } catch (IllegalArgumentException e) {
            // a record's constructor refused the values
            throw ApiError.invalid(null, e.getMessage());
        }
    }

    /** A problem naming the field of a JSON body Jackson refused. */
    static ApiError refused(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return ApiError.invalid(null, "malformed JSON at line " + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr() + ": " + firstLine(p.getOriginalMessage()));
        }
        String field = e instanceof JsonMappingException m ? path(m) : null;
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? ""
                    : "; known fields: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", "));
            return ApiError.invalid(field, "unknown field " + u.getPropertyName() + known);
        }
        if (e instanceof InvalidFormatException f) {
            return ApiError.invalid(field, "expected " + typeName(f.getTargetType()) + ", not " + f.getValue());
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("Cannot map `null`")) {
            return ApiError.invalid(field, "is required (" + typeName(m.getTargetType()) + ")");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return ApiError.invalid(field, "expected " + typeName(m.getTargetType()) + ": "
                    + firstLine(m.getOriginalMessage()));
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return ApiError.invalid(field, cause.getMessage());
        }
        return ApiError.invalid(field, firstLine(e.getOriginalMessage()));
    }

    private static String path(JsonMappingException m) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type != String.class && json(mediaType);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Json.STORE.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
    }

    private static boolean json(MediaType mediaType) {
        return mediaType == null || mediaType.isWildcardType()
                || "json".equals(mediaType.getSubtype()) || mediaType.getSubtype().endsWith("+json");
    }
}

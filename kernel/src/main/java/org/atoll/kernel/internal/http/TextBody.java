package org.atoll.kernel.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.Consumes;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;

/** String bodies (Servicefiles, YAML or JSON fragments): UTF-8 only, at most the body limit. */
@Consumes("*/*")
public class TextBody implements MessageBodyReader<String> {

    private final long maxBody;

    public TextBody(long maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == String.class;
    }

    @Override
    public String readFrom(Class<String> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body = readAll(entity, maxBody);
        String charset = mediaType == null ? null : mediaType.getParameters().get("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ApiError(415, "unsupported-media-type", "Content-Type", "only UTF-8 bodies are accepted, not "
                    + charset);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalid(null, "the body is not UTF-8 text");
        }
    }

    /** The whole body, refused with 413 when it is longer than {@code max}. */
    static byte[] readAll(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > max) {
                throw ApiError.tooLarge(max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}

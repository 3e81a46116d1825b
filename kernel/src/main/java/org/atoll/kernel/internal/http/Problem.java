package org.atoll.kernel.internal.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * An RFC 9457 problem document, with the extension member {@code field} naming the part of the request
 * that is wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    static final String TYPES = "https://atoll.dev/problems/";

    public static Problem of(int status, String kind, String detail, String field, String instance) {
        return new Problem(TYPES + kind, title(status), status, detail, field, instance);
    }

    public Response response() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 412 -> "Precondition failed";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            case 428 -> "Precondition required";
            case 502 -> "A backend failed";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "Internal error" : "Request refused";
        };
    }
}

package org.atoll.kernel.internal.http;

/**
 * A request the API refuses, answered as an RFC 9457 problem document. Nothing has been changed when
 * one is thrown.
 */
public class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String kind;
    private final String field;

    public ApiError(int status, String kind, String field, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.field = field;
    }

    public static ApiError invalid(String field, String detail) {
        return new ApiError(400, "invalid", field, detail);
    }

    public static ApiError notFound(String field, String detail) {
        return new ApiError(404, "not-found", field, detail);
    }

    /** A body over the limit; the one wording for every place that counts a body. */
    public static ApiError tooLarge(long max) {
        return new ApiError(413, "too-large", null, "the request body is larger than " + max
                + " bytes (api.max.body.bytes)");
    }

    public static ApiError conflict(String field, String detail) {
        return new ApiError(409, "conflict", field, detail);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    /** The request field the problem is about (a JSON path such as {@code spec.ports[0]}), or null. */
    public String field() {
        return field;
    }
}

package org.atoll.kernel.internal.http;

import java.time.Duration;
import java.util.regex.Pattern;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import org.atoll.kernel.internal.deploy.DeployService;

/** Small helpers shared by the resources: ETags, If-Match and wait times. */
final class Http {

    static final String YAML = "application/yaml";
    static final String TEXT_YAML = "text/yaml";
    static final String TEXT = "text/plain";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final int MAX_WAIT_SECONDS = 3600;

    private static final Pattern STRONG = Pattern.compile("\"([0-9]{1,19})\"");

    private Http() {
    }

    static EntityTag tag(long revision) {
        return new EntityTag(Long.toString(revision));
    }

    /** {@code entity} tagged with {@code revision}, or 304 when the request's If-None-Match names it. */
    static Response tagged(Request request, long revision, Object entity) {
        EntityTag tag = tag(revision);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        return (unchanged != null ? unchanged : Response.ok(entity)).tag(tag).build();
    }

    /**
     * The revision an {@code If-Match} header asks for: {@link DeployService#ANY_REVISION} without one;
     * {@code *} means "any existing", given as {@code existing}.
     */
    static long ifMatch(String header, long existing) {
        if (header == null || header.isBlank()) {
            return DeployService.ANY_REVISION;
        }
        String h = header.trim();
        if (h.equals("*")) {
            if (existing == 0) {
                throw new ApiError(412, "precondition-failed", "If-Match", "If-Match: * but it does not exist");
            }
            return existing;
        }
        var m = STRONG.matcher(h);
        if (!m.matches()) {
            throw ApiError.invalid("If-Match", "give one strong ETag as the GET returned it, e.g. \"42\"; weak"
                    + " or several tags are not accepted");
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw ApiError.invalid("If-Match", "not a revision: " + h);
        }
    }

    static Duration waitTime(int seconds) {
        if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
            throw ApiError.invalid("wait", "seconds to wait for the instances to run, 0 to " + MAX_WAIT_SECONDS
                    + "; not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}

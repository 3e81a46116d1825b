package org.atoll.kernel.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.atoll.kernel.internal.deploy.DeployFailedException;
import org.atoll.kernel.internal.deploy.StaleRevisionException;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a request as an RFC 9457 problem document; unexpected ones are logged, not shown. */
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        return problem(failure).response();
    }

    Problem problem(Throwable failure) {
        String path = path();
        Throwable e = unwrap(failure);
        if (e instanceof ApiError a) {
            return Problem.of(a.status(), a.kind(), a.getMessage(), a.field(), path);
        }
        if (e instanceof StaleRevisionException s) {
            return Problem.of(412, "precondition-failed", s.getMessage(), "If-Match", path);
        }
        if (e instanceof ValidationException v) {
            String field = v.problems().isEmpty() ? null : v.problems().get(0).field();
            int status = v.getMessage().contains("no deployment ") || v.getMessage().contains(" has no service ")
                    ? 404 : 400;
            return Problem.of(status, status == 404 ? "not-found" : "invalid", v.getMessage(), field, path);
        }
        if (e instanceof JsonProcessingException j) {
            ApiError a = JsonBody.refused(j);
            return Problem.of(a.status(), a.kind(), a.getMessage(), a.field(), path);
        }
        if (e instanceof DeployFailedException d) {
            return Problem.of(502, "deploy-failed", "the change is stored, but an instance cannot run: "
                    + d.getMessage(), null, path);
        }
        if (e instanceof ProviderException p) {
            return Problem.of(p.retryable() ? 503 : 502, "provider-failed", p.getMessage(), null, path);
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return Problem.of(status, kind(status), detail(status, path), null, path);
        }
        LOG.error("Request to {} failed", path, e);
        return Problem.of(500, "internal", "the request failed inside Atoll; the server log has the details",
                null, path);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        // CXF wraps what a provider or resource threw (a Fault, a WebApplicationException): the cause is the news
        while (!(t instanceof ApiError) && t.getCause() != null && t.getCause() != t
                && (t instanceof WebApplicationException || t.getClass().getName().startsWith("org.apache.cxf"))) {
            t = t.getCause();
        }
        return t;
    }

    private String path() {
        try {
            return uri == null ? null : uri.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String kind(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal" : "invalid";
        };
    }

    private static String detail(int status, String path) {
        return switch (status) {
            case 404 -> "there is no resource at " + path + "; GET /api/v1/openapi.json lists them";
            case 405 -> path + " does not take this method; GET /api/v1/openapi.json lists them";
            case 406 -> "the API answers application/json only";
            case 415 -> "this resource does not accept that Content-Type; GET /api/v1/openapi.json lists what it takes";
            default -> Problem.title(status);
        };
    }
}

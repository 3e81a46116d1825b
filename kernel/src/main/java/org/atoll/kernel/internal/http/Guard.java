package org.atoll.kernel.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before anything else of a request: refuses bodies over the limit, requires HTTP Basic
 * credentials that the JAAS realm accepts, and lets the viewer role only read. Refusals are problem
 * documents; a refused request has changed nothing.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class Guard implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Authenticator authenticator;
    private final String adminRole;
    private final String viewerRole;
    private final long maxBody;

    public Guard(Authenticator authenticator, String adminRole, String viewerRole, long maxBody) {
        this.authenticator = authenticator;
        this.adminRole = adminRole;
        this.viewerRole = viewerRole;
        this.maxBody = maxBody;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        String method = request.getMethod();
        Authenticator.Login login = login(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (login == null) {
            request.abortWith(Response.fromResponse(Problem.of(401, "unauthorized",
                    "give a user and password of the Atoll server (HTTP Basic)", "Authorization", path).response())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"atoll\", charset=\"UTF-8\"").build());
            return;
        }
        boolean admin = login.roles().contains(adminRole);
        if (!admin && !(READS.contains(method) && login.roles().contains(viewerRole))) {
            LOG.info("Refused {} {} to {}: roles {}", method, path, login.user(), login.roles());
            request.abortWith(Problem.of(403, "forbidden", login.user() + " may not " + method + " " + path
                    + (login.roles().contains(viewerRole) ? " (the role " + viewerRole + " only reads)"
                            : " (it has neither role " + adminRole + " nor " + viewerRole + ")"), null, path)
                    .response());
            return;
        }
        if (request.getLength() > maxBody) {
            request.abortWith(tooLarge(path).response());
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBody));
        }
        request.setSecurityContext(new User(login, adminRole, request.getSecurityContext().isSecure()));
    }

    private Problem tooLarge(String path) {
        ApiError e = ApiError.tooLarge(maxBody);
        return Problem.of(e.status(), e.kind(), e.getMessage(), e.field(), path);
    }

    private Authenticator.Login login(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon > 256 || decoded.length() > 4096) {
            return null;
        }
        return authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Who made the request, for resources and logs. */
    private record User(Authenticator.Login login, String adminRole, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return login::user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return login.roles().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return BASIC_AUTH;
        }
    }

    /** A body stream that fails with 413 once more than the limit has been read. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw ApiError.tooLarge(limit);
            }
        }
    }
}

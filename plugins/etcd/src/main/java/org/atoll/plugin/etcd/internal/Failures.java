package org.atoll.plugin.etcd.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.atoll.spi.ProviderException;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns what jetcd throws into {@link ProviderException}s an operator can read. */
final class Failures {

    static final String NO_REGISTRY = "no etcd registry: add one with registry-add NODE IP --type etcd";

    /** Codes that mean the request itself is wrong: asking again will not help. */
    private static final Set<Status.Code> PERMANENT = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.ALREADY_EXISTS,
            Status.Code.OUT_OF_RANGE, Status.Code.UNIMPLEMENTED);

    private Failures() {
    }

    static ProviderException noRegistry() {
        return new ProviderException(NO_REGISTRY, true);
    }

    static ProviderException map(String what, String endpoints, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ProviderException p) {
            return p;
        }
        String where = "etcd at " + endpoints + ": " + what + ": ";
        if (t instanceof TimeoutException) {
            return new ProviderException(where + "no answer in time", true, t);
        }
        if (t instanceof ClosedClientException || t instanceof CancellationException) {
            return new ProviderException(where + "the connection was closed (the registries changed)", true, t);
        }
        Status.Code code = code(t);
        boolean retryable = code == null || !PERMANENT.contains(code);
        return new ProviderException(where + describe(t), retryable, t);
    }

    /** etcd's "requested lease not found": the lease expired (a partition outlived its TTL). */
    static boolean leaseNotFound(Throwable failure) {
        Throwable t = unwrap(failure);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("lease not found")) {
                return true;
            }
        }
        return false;
    }

    static boolean memberNotFound(Throwable failure) {
        String m = rootMessage(failure).toLowerCase(Locale.ROOT);
        return m.contains("member not found");
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    private static Status.Code code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                return s.getStatus().getCode();
            }
            if (c instanceof EtcdException e && e.getErrorCode() != null) {
                return toGrpc(e.getErrorCode());
            }
        }
        return null;
    }

    private static Status.Code toGrpc(ErrorCode code) {
        try {
            return Status.Code.valueOf(code.name());
        } catch (IllegalArgumentException e) {
            return Status.Code.UNKNOWN;
        }
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                Status st = s.getStatus();
                String d = st.getDescription();
                return st.getCode() + (d == null ? "" : ": " + d);
            }
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? rootMessage(t) : m;
    }
}

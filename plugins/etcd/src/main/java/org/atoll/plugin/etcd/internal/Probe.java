package org.atoll.plugin.etcd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.atoll.api.model.CheckSpec;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.CheckStatus;

/**
 * One check, parsed: {@code tcp} connects to {@code ADDRESS:PORT}; {@code http} sends a GET to
 * {@code http://ADDRESS:PORT/PATH} and passes on 2xx. Redirects are never followed (the client is
 * built with {@code Redirect.NEVER}): a redirect is a failure, and the host it names is not contacted.
 */
final class Probe {

    /** Host names and IPv4 literals; IPv6 literals come in brackets. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** The outcome of one run. */
    record Result(CheckStatus.Status status, String output) {
    }

    private final CheckSpec spec;
    private final InetSocketAddress tcp;
    private final URI http;

    private Probe(CheckSpec spec, InetSocketAddress tcp, URI http) {
        this.spec = spec;
        this.tcp = tcp;
        this.http = http;
    }

    /** Parses a check; anything but exactly the two documented forms is refused. */
    static Probe of(CheckSpec spec) {
        if (spec == null || spec.name() == null || spec.name().isBlank() || spec.target() == null) {
            throw invalid(spec, "a check needs a name, a type and a target");
        }
        String type = spec.type() == null ? "" : spec.type().toLowerCase(Locale.ROOT);
        String target = spec.target();
        switch (type) {
            case "tcp":
                return new Probe(spec, hostPort(spec, target), null);
            case "http":
                return new Probe(spec, null, httpUrl(spec, target));
            default:
                throw invalid(spec, "type must be tcp or http");
        }
    }

    CheckSpec spec() {
        return spec;
    }

    String type() {
        return tcp != null ? "tcp" : "http";
    }

    Result run(HttpClient client, Duration timeout) {
        return tcp != null ? connect(timeout) : get(client, timeout);
    }

    private Result connect(Duration timeout) {
        InetSocketAddress address = new InetSocketAddress(tcp.getHostString(), tcp.getPort());
        if (address.isUnresolved()) {
            return critical("unknown host " + tcp.getHostString());
        }
        try (Socket s = new Socket()) {
            s.connect(address, (int) Math.max(1, timeout.toMillis()));
            return new Result(CheckStatus.Status.PASSING, "connected to " + spec.target());
        } catch (SocketTimeoutException e) {
            return critical(timedOut(timeout));
        } catch (ConnectException e) {
            return critical("connection refused");
        } catch (IOException | RuntimeException e) {
            return critical(Failures.rootMessage(e));
        }
    }

    private Result get(HttpClient client, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(http).GET().timeout(timeout)
                .header("User-Agent", "atoll-etcd-check").build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    return new Result(CheckStatus.Status.PASSING, "HTTP " + code);
                }
                return critical("HTTP " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : ""));
            }
        } catch (HttpTimeoutException e) {
            return critical(timedOut(timeout));
        } catch (ConnectException e) {
            return critical("connection refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return critical("interrupted");
        } catch (IOException | RuntimeException e) {
            if (Failures.rootMessage(e).toLowerCase(Locale.ROOT).contains("connection refused")) {
                return critical("connection refused");
            }
            if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
                return critical("unknown host " + http.getHost());
            }
            return critical(Failures.rootMessage(e));
        }
    }

    static String timedOut(Duration timeout) {
        long ms = timeout.toMillis();
        return "timed out after " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms");
    }

    private static Result critical(String output) {
        return new Result(CheckStatus.Status.CRITICAL, output);
    }

    private static InetSocketAddress hostPort(CheckSpec spec, String target) {
        String host;
        String port;
        if (target.startsWith("[")) {
            int end = target.indexOf(']');
            if (end < 0 || end + 1 >= target.length() || target.charAt(end + 1) != ':') {
                throw invalid(spec, "tcp target must be ADDRESS:PORT");
            }
            host = target.substring(1, end);
            port = target.substring(end + 2);
            if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
                throw invalid(spec, "tcp target must be ADDRESS:PORT");
            }
        } else {
            int colon = target.lastIndexOf(':');
            if (colon <= 0 || target.indexOf(':') != colon) {
                throw invalid(spec, "tcp target must be ADDRESS:PORT");
            }
            host = target.substring(0, colon);
            port = target.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw invalid(spec, "tcp target must be ADDRESS:PORT");
            }
        }
        return InetSocketAddress.createUnresolved(host, port(spec, port));
    }

    private static URI httpUrl(CheckSpec spec, String target) {
        URI u;
        try {
            u = new URI(target);
        } catch (URISyntaxException e) {
            throw invalid(spec, "http target must be http://ADDRESS:PORT/PATH");
        }
        String rawPath = u.getRawPath();
        if (!"http".equals(u.getScheme()) || u.getRawUserInfo() != null || u.getRawFragment() != null
                || u.getHost() == null || rawPath == null || !rawPath.startsWith("/")
                || !target.startsWith("http://")) {
            throw invalid(spec, "http target must be http://ADDRESS:PORT/PATH");
        }
        String authority = u.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || colon < authority.lastIndexOf(']')) {
            throw invalid(spec, "http target must name its port: http://ADDRESS:PORT/PATH");
        }
        port(spec, authority.substring(colon + 1));
        String host = u.getHost();
        boolean v6 = host.startsWith("[");
        if (v6 ? !IPV6.matcher(host.substring(1, host.length() - 1)).matches() : !HOST.matcher(host).matches()) {
            throw invalid(spec, "http target must be http://ADDRESS:PORT/PATH");
        }
        return u;
    }

    private static int port(CheckSpec spec, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw invalid(spec, "port must be a number between 1 and 65535");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw invalid(spec, "port must be a number between 1 and 65535");
        }
        return p;
    }

    private static ProviderException invalid(CheckSpec spec, String why) {
        String name = spec == null ? "?" : spec.name();
        String target = spec == null ? "" : String.valueOf(spec.target());
        return new ProviderException("check " + name + " (" + target + "): " + why, false);
    }
}

package org.atoll.kernel.client;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLException;

import org.atoll.kernel.client.RemoteCli.Failure;

/**
 * One user's connection to the API: HTTP Basic on every request (the password read once, lazily), no
 * redirects followed (they would carry the credentials elsewhere), answers mapped to {@link Failure}s that
 * say what went wrong in the user's terms.
 */
final class RemoteApi implements AutoCloseable {

    static final int MAX_ANSWER = 16 << 20;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int SERVER_DEFAULT_WAIT = 60;

    private final HttpClient client;
    private final String base;
    private final String user;
    private final Options options;
    private final Map<String, String> env;
    private final PrintStream err;
    private final Duration timeout;
    private char[] password;
    private String authorization;

    /** An answer of the server. */
    record Response(String method, URI uri, int status, String contentType, String location, String text) {

        boolean isJson() {
            return contentType.toLowerCase(Locale.ROOT).contains("json");
        }

        Object json() throws Failure {
            if (text.isBlank()) {
                return null;
            }
            try {
                return JsonText.parse(text);
            } catch (JsonText.SyntaxException e) {
                throw new Failure("the answer to " + method + " " + uri + " is not JSON: " + e.getMessage());
            }
        }
    }

    private RemoteApi(HttpClient client, String base, String user, Options options, Map<String, String> env,
            PrintStream err) {
        this.client = client;
        this.base = base;
        this.user = user;
        this.options = options;
        this.env = env;
        this.err = err;
        int wait = options.wait != null ? options.wait : SERVER_DEFAULT_WAIT;
        this.timeout = Duration.ofSeconds(options.verb.waits() ? wait + 60L : 60L);
    }

    static RemoteApi connect(Options options, Map<String, String> env, PrintStream err) throws Failure {
        String source = options.url != null ? "--url" : env.get("ATOLL_URL") != null ? "ATOLL_URL" : null;
        String url = options.url != null ? options.url : env.getOrDefault("ATOLL_URL", RemoteCli.DEFAULT_URL);
        URI uri = url(source == null ? "the default URL" : source, url);
        String user = options.user != null ? options.user : env.getOrDefault("ATOLL_USER", "admin");
        if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Failure((options.user != null ? "-u" : "ATOLL_USER") + ": '" + Table.clean(user, false)
                    + "' is not a user name (not empty, no ':' and no control characters)");
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        String ca = env.get("ATOLL_CA_FILE");
        if (uri.getScheme().equals("https") && ca != null && !ca.isEmpty()) {
            client.sslContext(TrustFile.context(ca));
        }
        String host = uri.getHost();
        if (uri.getScheme().equals("http") && !host.equals("localhost") && !host.startsWith("127.")
                && !host.equals("[::1]")) {
            err.println("warning: the password goes unencrypted to " + host + "; use an https URL");
        }
        String base = uri.toString().replaceAll("/+$", "");
        return new RemoteApi(client.build(), base, user, options, env, err);
    }

    private static URI url(String source, String url) throws Failure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Failure(source + ": '" + Table.clean(url, false) + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new Failure(source + ": '" + Table.clean(url, false) + "' is not an http:// or https:// URL"
                    + " with a host, e.g. " + RemoteCli.DEFAULT_URL);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Failure(source + ": put no user or password in the URL; use -u and ATOLL_PASSWORD");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new Failure(source + ": the URL cannot have a query or a fragment");
        }
        return uri;
    }

    /** Sends one request and checks its answer: the JSON of a success, else a {@link Failure}. */
    Object call(String method, String path, String contentType, String body) throws Failure {
        return check(send(method, path, contentType, body));
    }

    /** GETs a path the user typed; its answer may be anything. */
    Response get(String path) throws Failure {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.startsWith("//") || p.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\' || c == '#')) {
            throw new Failure("get: '" + Table.clean(path, false) + "' is not a path below the API URL, e.g."
                    + " /deployments/foo or /instances?deployment=foo");
        }
        Response r = send("GET", p, null, null);
        check(r);
        return r;
    }

    Response send(String method, String path, String contentType, String body) throws Failure {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new Failure("'" + Table.clean(path, false) + "' does not make a valid URL: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization())
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "atoll-remote");
        if (options.ifMatch != null && !method.equals("GET")) {
            request.header("If-Match", options.ifMatch);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = r.body()) {
                bytes = in.readNBytes(MAX_ANSWER + 1);
            }
            if (options.verbose) {
                err.println(method + " " + uri + " " + r.statusCode() + " ("
                        + (System.nanoTime() - started) / 1_000_000 + " ms)"
                        + r.headers().firstValue("ETag").map(t -> " ETag " + Table.clean(t, false)).orElse(""));
            }
            if (bytes.length > MAX_ANSWER) {
                throw new Failure("the answer to " + method + " " + uri + " is larger than 16 MiB");
            }
            String type = r.headers().firstValue("Content-Type").orElse("");
            return new Response(method, uri, r.statusCode(), type, r.headers().firstValue("Location").orElse(""),
                    new String(bytes, StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new Failure("cannot reach Atoll at " + base + ": no connection within "
                    + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new Failure("Atoll at " + base + " did not answer " + method + " " + uri + " within "
                    + timeout.toSeconds() + " s");
        } catch (SSLException e) {
            throw new Failure("TLS with " + base + " failed: " + reason(e) + " (if a private CA signed the"
                    + " server's certificate, set ATOLL_CA_FILE to that CA's PEM file)");
        } catch (IOException e) {
            throw new Failure("cannot reach Atoll at " + base + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for " + method + " " + uri);
        }
    }

    /** The JSON of a successful answer, else the failure in the user's terms. */
    Object check(Response r) throws Failure {
        int status = r.status();
        if (status >= 200 && status < 300) {
            return r.json();
        }
        if (status == 401) {
            throw new Failure("wrong user or password");
        }
        if (status == 403) {
            throw new Failure(user + " may not " + options.verb.denied);
        }
        if (status >= 300 && status < 400) {
            throw new Failure(base + " answered " + r.method() + " " + r.uri() + " with a redirect (" + status
                    + ") to '" + Table.clean(r.location(), false) + "'; point --url at the API itself");
        }
        Map<?, ?> problem = problem(r.text());
        Object detail = problem.get("detail") != null ? problem.get("detail") : problem.get("title");
        if (detail != null) {
            Object field = problem.get("field");
            throw new Failure(Table.clean(RemoteCli.text(detail), true)
                    + (field == null || RemoteCli.text(field).isEmpty() ? ""
                            : " (field " + Table.clean(RemoteCli.text(field), false) + ")"));
        }
        String text = r.text().strip();
        int cut = text.indexOf('\n');
        text = cut >= 0 ? text.substring(0, cut) : text;
        text = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        throw new Failure("HTTP " + status + " from " + r.method() + " " + r.uri()
                + (text.isEmpty() ? "" : ": " + Table.clean(text, false)));
    }

    private static Map<?, ?> problem(String text) {
        try {
            return JsonText.parse(text) instanceof Map<?, ?> m ? m : Map.of();
        } catch (JsonText.SyntaxException e) {
            return Map.of();
        }
    }

    private String authorization() throws Failure {
        if (authorization == null) {
            String given = env.get("ATOLL_PASSWORD");
            if (given != null) {
                password = given.toCharArray();
            } else {
                Console console = System.console();
                if (console == null) {
                    throw new Failure("no password: set ATOLL_PASSWORD, or run atoll-remote in a terminal to be"
                            + " asked for it");
                }
                password = console.readPassword("Password for %s at %s: ", user, base);
                if (password == null) {
                    throw new Failure("no password given");
                }
            }
            String pair = user + ":" + new String(password);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return authorization;
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return Table.clean(t.getMessage(), false);
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getClass().getSimpleName();
    }

    /** A path segment or query value, percent-encoded (UTF-8) except for RFC 3986's unreserved characters. */
    static String encode(String value) {
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E"); // else a server would read it as a relative path
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}

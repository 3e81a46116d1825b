package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTP/1.1 client on plain sockets: one fresh connection per request ({@code Connection: close}),
 * any Host header, and under TLS any SNI name, which java.net.http does not allow.
 */
final class Http {

    private static final int TIMEOUT_MILLIS = 10_000;

    record Response(int status, String body, Certificate peer) {
    }

    private Http() {
    }

    static Response get(int port, String host, String path) {
        return get("127.0.0.1", port, host, path);
    }

    /** GET to {@code ip}:port. */
    static Response get(String ip, int port, String host, String path) {
        return exchange(plain(ip, port), host, "GET", path, null, null);
    }

    static Response post(int port, String host, String path, byte[] body) {
        return exchange(plain("127.0.0.1", port), host, "POST", path, body, null);
    }

    /** GET over TLS to 127.0.0.1:port with {@code sni} as server name and Host header (and session cache key). */
    static Response tls(SSLContext context, int port, String sni, String path) {
        try {
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain("127.0.0.1", port), sni, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.startHandshake();
            return exchange(s, sni, "GET", path, null, s.getSession().getPeerCertificates()[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body when the status is 200, else "HTTP " and the status. */
    static String body(int port, String host) {
        Response r = get(port, host, "/");
        return r.status() == 200 ? r.body() : "HTTP " + r.status();
    }

    private static Socket plain(String ip, int port) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(ip, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new UncheckedIOException(e);
        }
    }

    private static Response exchange(Socket s, String host, String method, String path, byte[] body, Certificate peer) {
        try (s) {
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(s.getInputStream().readAllBytes(), peer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(byte[] raw, Certificate peer) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP response: " + text.substring(0, Math.min(80, text.length())));
        }
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(text.substring(9, 12));
        String body = text.substring(end + 4);
        if (headers.contains("\r\ntransfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                peer);
    }

    private static String dechunk(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return b.toString();
            }
            b.append(s, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }
}

package org.atoll.plugin.haproxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** HTTP/1.1 over a fresh connection per request ("Connection: close"), plain or TLS with a chosen SNI. */
final class Http {

    record Response(int status, Map<String, String> headers, String body, java.security.cert.Certificate peer) {
        String server() {
            return body.lines().findFirst().orElse("");
        }
    }

    private Http() {
    }

    static Response get(int port, String host, String path) throws IOException {
        return get(port, host, path, Map.of());
    }

    static Response get(int port, String host, String path, Map<String, String> headers) throws IOException {
        return get("127.0.0.1", port, host, path, headers);
    }

    static Response get(String ip, int port, String host, String path, Map<String, String> headers) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 5000);
            return exchange(s, host, path, headers, null);
        }
    }

    static Response getTls(SSLContext ctx, int port, String sni, String host, String path) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, sni, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.startHandshake();
            return exchange(s, host, path, Map.of(), s.getSession().getPeerCertificates()[0]);
        }
    }

    private static Response exchange(Socket s, String host, String path, Map<String, String> headers,
            java.security.cert.Certificate peer) throws IOException {
        s.setSoTimeout(10000);
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            h.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), h, body, peer);
    }

    private static String dechunk(String body) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            b.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return b.toString();
    }
}

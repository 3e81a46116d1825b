package org.atoll.itest.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP/1.1 over plain sockets, one connection per request, so that the test chooses the Host header
 * and the TLS server name freely (java.net.http forbids setting Host) and every request is a new
 * connection for the balancer to place.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    static Response get(String address, int port, String host, String path, Map<String, String> headers)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 3000);
            s.setSoTimeout(10_000);
            return exchange(s, host, path, headers);
        }
    }

    /** Over TLS with {@code host} as server name, trusting any certificate (self-signed ones are the point). */
    static Response getTls(String address, int port, String host, String path) throws IOException {
        try (SSLSocket s = tls(address, port, host, List.of("http/1.1"))) {
            return exchange(s, host, path, Map.of());
        }
    }

    /** The protocol ALPN chose when offered h2 and http/1.1, and the certificate's subject. */
    static String[] alpn(String address, int port, String host) throws IOException {
        try (SSLSocket s = tls(address, port, host, List.of("h2", "http/1.1"))) {
            s.startHandshake();
            X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
            return new String[] {s.getApplicationProtocol(), cert.getSubjectX500Principal().getName()};
        }
    }

    private static SSLSocket tls(String address, int port, String host, List<String> protocols) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress(address, port), 3000);
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            p.setApplicationProtocols(protocols.toArray(String[]::new));
            s.setSSLParameters(p);
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static Response exchange(Socket s, String host, String path, Map<String, String> headers)
            throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            h.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, h, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    /** The Authorization header answering a Digest challenge (RFC 7616, MD5, qop=auth). */
    static String digest(String challenge, String user, String password, String method, String uri) {
        Map<String, String> c = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(challenge);
        while (m.find()) {
            c.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String realm = c.get("realm");
        String nonce = c.get("nonce");
        String cnonce = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        String nc = "00000001";
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\", algorithm=MD5";
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.weft.bench.http;

import dev.weft.bench.SelfCheckFailed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks sample responses before a server is measured, per the TechEmpower requirements: over one keep-alive
 * connection, one request alone and then {@value #PIPELINED} requests in one write (pipelining, answered in
 * order); each response must be {@code HTTP/1.1 200}, carry a non-empty {@code Server}, a {@code Date} in
 * RFC 1123 form, the expected {@code Content-Type} (parameters such as a charset allowed), a
 * {@code Content-Length} equal to the body's length and no {@code Transfer-Encoding}, and the exact body.
 */
final class ResponseCheck {
    private ResponseCheck() {}

    /** Requests pipelined in the second write. */
    static final int PIPELINED = 16;

    /** One parsed response. */
    record Response(String statusLine, Map<String, String> headers, byte[] body) {}

    /** Throws {@link SelfCheckFailed} naming the first difference. */
    static void check(int port, String path, String contentType, String body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            out.write(req);
            out.flush();
            verify(read(in), path + " (single)", contentType, body);
            ByteArrayOutputStream many = new ByteArrayOutputStream();
            for (int i = 0; i < PIPELINED; i++) many.writeBytes(req);
            out.write(many.toByteArray());
            out.flush();
            for (int i = 0; i < PIPELINED; i++) verify(read(in), path + " (pipelined " + (i + 1) + "/" + PIPELINED + ")",
                    contentType, body);
        }
    }

    static void verify(Response r, String what, String contentType, String body) {
        if (!r.statusLine().startsWith("HTTP/1.1 200")) fail(what, "status line '" + r.statusLine() + "'", "HTTP/1.1 200");
        String server = r.headers().get("server");
        if (server == null || server.isBlank()) fail(what, "Server header " + server, "a non-empty Server header");
        String date = r.headers().get("date");
        if (date == null) fail(what, "no Date header", "Date");
        try {
            DateTimeFormatter.RFC_1123_DATE_TIME.parse(date);
        } catch (DateTimeParseException e) {
            fail(what, "Date '" + date + "'", "an RFC 1123 date");
        }
        String type = r.headers().get("content-type");
        String media = type == null ? null : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!contentType.equals(media)) fail(what, "Content-Type '" + type + "'", contentType);
        if (r.headers().containsKey("transfer-encoding")) {
            fail(what, "Transfer-Encoding '" + r.headers().get("transfer-encoding") + "'", "Content-Length framing");
        }
        String length = r.headers().get("content-length");
        if (length == null || !length.strip().equals(Integer.toString(r.body().length))) {
            fail(what, "Content-Length " + length + " for a " + r.body().length + "-byte body", "the body's length");
        }
        String got = new String(r.body(), StandardCharsets.UTF_8);
        if (!got.equals(body)) fail(what, "body '" + got + "'", "'" + body + "'");
    }

    private static void fail(String what, String got, String expected) {
        throw new SelfCheckFailed("sample response to GET " + what + ": " + got + " (expected: " + expected + ")");
    }

    /** Reads one Content-Length-framed response (the check rejects any other framing afterwards). */
    static Response read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            if (colon <= 0) throw new SelfCheckFailed("malformed header line '" + l + "' (expected: name: value)");
            String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (headers.put(name, l.substring(colon + 1).strip()) != null) {
                throw new SelfCheckFailed("header " + name + " sent twice (expected: once)");
            }
        }
        String length = headers.get("content-length");
        int n = length == null ? 0 : Integer.parseInt(length.strip());
        byte[] body = in.readNBytes(n);
        if (body.length != n) throw new SelfCheckFailed("body ended after " + body.length + " of " + n + " bytes");
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int b = in.read();
            if (b < 0) throw new SelfCheckFailed("connection closed mid-response after '" + sb + "'");
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char) b);
            if (sb.length() > 8192) throw new SelfCheckFailed("header line longer than 8192 bytes");
        }
    }
}

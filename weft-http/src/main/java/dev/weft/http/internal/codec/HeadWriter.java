package dev.weft.http.internal.codec;

import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Status;
import dev.weft.http.Version;
import java.nio.charset.StandardCharsets;

/**
 * Serializes message heads (RFC 9112 §3-§5) into an {@link OutBuffer}: the response head a server writes and
 * the request head a client writes. Header names and values were validated when added to {@link Headers}, so
 * nothing written here can split a message.
 *
 * <p>The framing fields ({@code Content-Length}, {@code Transfer-Encoding}) are written from the arguments, and
 * so is a response's {@code Connection}; fields of those names in {@code headers} are skipped, so a handler
 * cannot make the framing disagree with the body actually sent.
 */
public final class HeadWriter {
    private HeadWriter() {}

    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.ISO_8859_1);

    static {
        for (int code = 100; code < 600; code++) {
            String reason = new Status(code).reason();
            if (!reason.isEmpty() || code % 100 == 0) {
                STATUS_LINES[code] = ("HTTP/1.1 " + code + " " + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** How the connection header is written. */
    public enum ConnectionField {
        /** No Connection field (HTTP/1.1 keep-alive is the default). */
        NONE,
        /** {@code Connection: close}. */
        CLOSE,
        /** {@code Connection: keep-alive} (for HTTP/1.0 clients that asked for it). */
        KEEP_ALIVE
    }

    /**
     * Appends a response head: status line, {@code dateLine} (a whole {@code Date: ...CRLF} line, or null),
     * the handler's fields, the framing field, the connection field and the empty line.
     *
     * @param contentLength the body length for a {@code Content-Length} field, or -1 for none
     * @param chunked whether to write {@code Transfer-Encoding: chunked}
     */
    public static void response(OutBuffer out, Status status, Headers headers, byte[] dateLine, long contentLength,
            boolean chunked, ConnectionField connection) {
        byte[] line = STATUS_LINES[status.code()];
        if (line != null) {
            out.put(line);
        } else {
            out.putLatin1("HTTP/1.1 ").putDecimal(status.code()).put(' ').putLatin1(status.reason()).crlf();
        }
        if (dateLine != null) out.put(dateLine);
        fields(out, headers);
        if (contentLength >= 0) out.put(CONTENT_LENGTH).putDecimal(contentLength).crlf();
        if (chunked) out.put(CHUNKED);
        switch (connection) {
            case CLOSE -> out.put(CLOSE);
            case KEEP_ALIVE -> out.put(KEEP_ALIVE);
            case NONE -> { }
        }
        out.crlf();
    }

    /**
     * Appends a request head: request line, the fields (Host first when {@code headers} has one), the framing
     * field and the empty line.
     *
     * @param contentLength the body length for a {@code Content-Length} field, or -1 for none
     * @param chunked whether to write {@code Transfer-Encoding: chunked}
     */
    public static void request(OutBuffer out, Method method, String target, Version version, Headers headers,
            long contentLength, boolean chunked) {
        out.putLatin1(method.name()).put(' ').putLatin1(target).put(' ').putLatin1(version.text()).crlf();
        for (int i = 0, n = headers.size(); i < n; i++) { // a request keeps its Connection field
            String name = headers.name(i);
            if (isBodyFraming(name)) continue;
            out.putLatin1(name).put(':').put(' ').putLatin1(headers.value(i)).crlf();
        }
        if (contentLength >= 0) out.put(CONTENT_LENGTH).putDecimal(contentLength).crlf();
        if (chunked) out.put(CHUNKED);
        out.crlf();
    }

    private static void fields(OutBuffer out, Headers headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            if (isFraming(name)) continue;
            out.putLatin1(name).put(':').put(' ').putLatin1(headers.value(i)).crlf();
        }
    }

    private static boolean isBodyFraming(String name) {
        if (name == HeaderNames.CONTENT_LENGTH || name == HeaderNames.TRANSFER_ENCODING) return true;
        return switch (name.length()) {
            case 14 -> name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH);
            case 17 -> name.equalsIgnoreCase(HeaderNames.TRANSFER_ENCODING);
            default -> false;
        };
    }

    /** Whether {@code name} is a field this writer controls in responses. */
    public static boolean isFraming(String name) {
        if (name == HeaderNames.CONTENT_LENGTH || name == HeaderNames.TRANSFER_ENCODING
                || name == HeaderNames.CONNECTION) {
            return true;
        }
        return switch (name.length()) { // most names have none of these lengths: no comparison at all
            case 10 -> name.equalsIgnoreCase(HeaderNames.CONNECTION);
            case 14 -> name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH);
            case 17 -> name.equalsIgnoreCase(HeaderNames.TRANSFER_ENCODING);
            default -> false;
        };
    }
}

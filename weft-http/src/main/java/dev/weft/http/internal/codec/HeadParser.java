package dev.weft.http.internal.codec;

import static dev.weft.http.internal.codec.HttpParseException.bad;

import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Status;
import dev.weft.http.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A strict, incremental parser of HTTP/1.1 message heads (RFC 9112 §2-§6, RFC 9110 §5): request heads for
 * servers, response heads for clients.
 *
 * <p>{@link #parseRequest} is called each time more bytes arrive, with the unconsumed input from its position to
 * its limit. It returns {@code null} while the head is incomplete, and the parsed head once it is, advancing the
 * buffer's position past it (the body, or the next pipelined request, starts there). The caller may compact or
 * move the buffer between calls as long as the unconsumed bytes keep their order from the position: the parser
 * keeps only offsets relative to the position.
 *
 * <p><b>Cost.</b> Two passes over the head bytes and no per-byte allocation: the first pass, resumable, finds the
 * line ends (so a head that trickles in byte by byte is scanned once, not re-parsed per read — the slowloris
 * shape), the second validates each line and builds the message: one string for the target, the standard
 * methods and common header names as shared constants, and the field values as one copy of the field section,
 * made into strings only when read (Headers I1). Both passes read the buffer's backing array directly and step
 * over the bytes that cannot end a line or invalidate a value eight at a time ({@link Swar}); a buffer without an
 * accessible array (direct or read-only, which the server and client never pass) is parsed from a copy of its
 * unconsumed bytes, made per call.
 *
 * <p><b>Strictness.</b> What RFC 9112/9110 say a server MUST reject, and every shape known to enable request
 * smuggling, is an {@link HttpParseException} carrying the status to answer; see weft-http/CONFORMANCE.md for the
 * case table. Where the RFC lets a recipient choose, this parser rejects: bare LF line ends, whitespace-separated
 * request lines other than single SPs, duplicate Content-Length even with equal values, chunked coding on HTTP/1.0.
 *
 * <p>Not thread-safe: one parser per connection.
 */
public final class HeadParser {
    /*
     * Implementation notes
     *
     * I1. scanned, lineStart and lineEnds[0..lines) are offsets from the buffer's position at the time of the
     *     call; the caller never consumes bytes between calls without a completed parse (or reset()).
     * I2. Every LF examined is preceded by CR (else 400: bare LF) and every CR examined is followed by LF, or is
     *     the last byte available (then the scan stops on it and re-examines it next time: scanned points at it).
     * I3. lines <= maxHeaderCount + 1 and scanned <= limits.maxHeadBytes() hold after every call that returns;
     *     otherwise 414 (start line) or 431 (header section) was thrown. So memory is bounded by the limits.
     * I4. The scan steps over a word of eight bytes only when none of them is CR or LF and all of them lie before
     *     both the limit and the head's stop offset, so it examines exactly the bytes the byte-at-a-time scan
     *     would stop on, and a limit fires at the same offset however the input was split.
     */
    private final ParseLimits limits;
    private int scanned;
    private int skipped;
    private int lineStart;
    private int lines;
    private int[] lineEnds = new int[16];

    // Per-message results of field parsing.
    private long contentLength;
    private boolean sawContentLength;
    private int hostCount;
    private boolean sawTransferEncoding;
    private int chunkedCount;
    private boolean lastCodingChunked;
    private boolean otherCoding;
    private boolean expectContinue;
    private boolean badExpectation;
    private boolean connectionClose;
    private boolean connectionKeepAlive;

    /** A parser with {@code limits}. */
    public HeadParser(ParseLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** The limits this parser enforces. */
    public ParseLimits limits() {
        return limits;
    }

    /** Forgets a partly scanned head (the caller dropped the bytes). */
    public void reset() {
        scanned = 0;
        skipped = 0;
        lineStart = 0;
        lines = 0;
    }

    /**
     * Whether some bytes of a head (empty lines before it included) have been examined but the head is not
     * complete yet: the header read timeout runs.
     */
    public boolean inProgress() {
        return scanned > 0 || skipped > 0;
    }

    /**
     * Parses a request head from {@code buf}.
     *
     * @return the head, with {@code buf}'s position just past it; or {@code null} when more bytes are needed
     *     (then {@code buf}'s position is unchanged, apart from skipped empty lines before the request line)
     * @throws HttpParseException when the head is invalid or over a limit (400, 413, 414, 417, 431, 501, 505)
     */
    public RequestHead parseRequest(ByteBuffer buf) {
        if (!buf.hasArray()) { // an idle server connection's empty placeholder buffer is read-only
            return buf.hasRemaining() ? viaCopy(buf, copy -> parseRequest(copy)) : null;
        }
        if (scanned == 0 && !skipLeadingEmptyLines(buf)) return null;
        byte[] a = buf.array();
        int base = buf.arrayOffset() + buf.position();
        int end = scan(a, base, buf.arrayOffset() + buf.limit());
        if (end < 0) return null;
        try {
            return buildRequest(a, base, end);
        } finally {
            buf.position(buf.position() + end);
            reset();
        }
    }

    /**
     * Parses a response head from {@code buf}, for a request with {@code requestMethod} (a response to HEAD or
     * a 2xx to CONNECT has no body).
     *
     * @return the head, with {@code buf}'s position just past it; or {@code null} when more bytes are needed
     * @throws HttpParseException when the head is invalid or over a limit
     */
    public ResponseHead parseResponse(ByteBuffer buf, Method requestMethod) {
        if (!buf.hasArray()) return viaCopy(buf, copy -> parseResponse(copy, requestMethod));
        byte[] a = buf.array();
        int base = buf.arrayOffset() + buf.position();
        int end = scan(a, base, buf.arrayOffset() + buf.limit());
        if (end < 0) return null;
        try {
            return buildResponse(a, base, end, requestMethod);
        } finally {
            buf.position(buf.position() + end);
            reset();
        }
    }

    /**
     * Parses a buffer without an accessible array from a heap copy of its unconsumed bytes, then advances its
     * position by what the parse consumed (I1: offsets are relative to the position, so a copy parses alike).
     */
    private static <T> T viaCopy(ByteBuffer buf, java.util.function.Function<ByteBuffer, T> parse) {
        ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf.duplicate()).flip();
        try {
            return parse.apply(copy);
        } finally {
            buf.position(buf.position() + copy.position());
        }
    }

    /** RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line. */
    private boolean skipLeadingEmptyLines(ByteBuffer buf) {
        int p = buf.position();
        int limit = buf.limit();
        while (p < limit) { // `skipped` is a field: the bound holds however the empty lines are split (I3)
            byte b = buf.get(p);
            if (b == '\n') throw bad("bare LF before the request line");
            if (b != '\r') break;
            if (p + 1 >= limit) {
                buf.position(p);
                return false;
            }
            if (buf.get(p + 1) != '\n') throw bad("bare CR before the request line");
            p += 2;
            if ((skipped += 2) > limits.maxRequestLineBytes()) throw bad("too many empty lines before the request");
        }
        buf.position(p);
        return p < limit;
    }

    /**
     * Finds the end of the head in {@code a[base..limit)}: returns its length from {@code base}, or -1 when
     * incomplete.
     */
    private int scan(byte[] a, int base, int limit) {
        int maxLine = limits.maxRequestLineBytes();
        // I3: the first offset a head may not reach; checked per byte, so where a limit fires does not depend
        // on how the bytes were split across reads
        int stopAt = lines == 0 ? maxLine + 2 : lineEnds[0] + 4 + limits.maxHeaderBytes();
        int wordsEnd = Math.min(limit, base + stopAt) - 8; // I4: a word may start at or before this index
        int i = base + scanned;
        while (i < limit) {
            if (i <= wordsEnd) {
                long m = Swar.crOrLf(Swar.word(a, i));
                if (m == 0) {
                    i += 8;
                    continue;
                }
                i += Swar.firstLane(m); // the lowest flagged lane is a CR or LF (Swar)
            }
            int rel = i - base;
            if (rel >= stopAt) throw lines == 0 ? tooLongStartLine() : tooLargeHeaders();
            byte b = a[i];
            if (b == '\n') {
                if (rel == 0 || a[i - 1] != '\r') throw bad("bare LF (expected: CRLF line ends)");
                int cr = rel - 1;
                if (cr == lineStart) {
                    if (lines == 0) throw bad("empty start line");
                    return rel + 1;
                }
                if (lines > limits.maxHeaderCount()) throw tooManyFields();
                if (lines == lineEnds.length) lineEnds = Arrays.copyOf(lineEnds, lines * 2);
                lineEnds[lines++] = cr;
                lineStart = rel + 1;
                if (lines == 1) {
                    stopAt = cr + 4 + limits.maxHeaderBytes();
                    wordsEnd = Math.min(limit, base + stopAt) - 8;
                }
            } else if (b == '\r') {
                if (i + 1 == limit) break; // I2: look at it again with the next byte
                if (a[i + 1] != '\n') throw bad("bare CR (expected: CRLF line ends)");
            }
            i++;
        }
        scanned = i - base;
        return -1;
    }

    private static HttpParseException tooLongStartLine() {
        return new HttpParseException(Status.URI_TOO_LONG, "request line longer than the limit");
    }

    private static HttpParseException tooManyFields() {
        return new HttpParseException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "more header fields than the limit");
    }

    private static HttpParseException tooLargeHeaders() {
        return new HttpParseException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section larger than the limit");
    }

    private RequestHead buildRequest(byte[] a, int base, int end) {
        int e = base + lineEnds[0];
        // method SP request-target SP HTTP-version (RFC 9112 §3): single SPs, nothing else
        int p = base;
        while (p < e && Ascii.isTchar(a[p])) p++;
        if (p == base || p >= e || a[p] != ' ') throw bad("malformed request line (method)");
        Method method = method(a, base, p);
        int t = p + 1;
        int te = t;
        while (te < e) {
            byte b = a[te];
            if (b == ' ') break;
            if (!Ascii.isTargetByte(b)) throw bad("invalid byte in request target");
            te++;
        }
        if (te == t || te >= e) throw bad("malformed request line (target)");
        Version version = version(a, te + 1, e, true);
        String target = Ascii.string(a, t, te);
        checkTarget(method, target);

        Headers headers = fields(a, base, end);
        boolean http11 = version == Version.HTTP_1_1;
        if (http11 && hostCount == 0) throw bad("missing Host header (required in HTTP/1.1)");
        if (hostCount > 1) throw bad("more than one Host header");
        BodyFraming framing;
        long length;
        if (sawTransferEncoding) {
            if (!http11) throw bad("Transfer-Encoding in an HTTP/1.0 request");
            if (sawContentLength) throw bad("both Content-Length and Transfer-Encoding");
            if (!lastCodingChunked) throw bad("Transfer-Encoding does not end in chunked");
            if (chunkedCount > 1) throw bad("chunked applied more than once");
            if (otherCoding) {
                throw new HttpParseException(Status.NOT_IMPLEMENTED, "unsupported transfer coding");
            }
            framing = BodyFraming.CHUNKED;
            length = -1;
        } else if (sawContentLength) {
            if (contentLength > limits.maxBodyBytes()) {
                throw new HttpParseException(Status.CONTENT_TOO_LARGE, "Content-Length over the body limit");
            }
            framing = contentLength == 0 ? BodyFraming.NONE : BodyFraming.LENGTH;
            length = contentLength;
        } else {
            framing = BodyFraming.NONE;
            length = 0;
        }
        if (badExpectation && http11) {
            throw new HttpParseException(Status.EXPECTATION_FAILED, "unsupported expectation");
        }
        boolean keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        return new RequestHead(method, target, version, headers, framing, length, keepAlive,
                http11 && expectContinue && framing != BodyFraming.NONE);
    }

    private ResponseHead buildResponse(byte[] a, int base, int end, Method requestMethod) {
        int e = base + lineEnds[0];
        // HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
        if (e - base < 12 || a[base + 8] != ' ') throw bad("malformed status line");
        Version version = version(a, base, base + 8, false);
        int code = 0;
        for (int i = base + 9; i < base + 12; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) throw bad("malformed status code");
            code = code * 10 + d;
        }
        if (code < 100) throw bad("status code below 100");
        String reason = "";
        if (e > base + 12) {
            if (a[base + 12] != ' ') throw bad("malformed status line");
            for (int i = base + 13; i < e; i++) {
                if (!Ascii.isFieldByte(a[i])) throw bad("control byte in reason phrase");
            }
            reason = Ascii.string(a, base + 13, e);
        }
        Status status = Status.of(code);
        Headers headers = fields(a, base, end);
        if (hostCount > 1) hostCount = 1; // not meaningful in responses
        boolean keepAlive = version == Version.HTTP_1_1 ? !connectionClose : connectionKeepAlive && !connectionClose;
        BodyFraming framing;
        long length;
        if (Method.HEAD.equals(requestMethod) || status.forbidsBody()
                || Method.CONNECT.equals(requestMethod) && status.isSuccess()) {
            framing = BodyFraming.NONE;
            length = 0;
        } else if (sawTransferEncoding) {
            if (sawContentLength) throw bad("both Content-Length and Transfer-Encoding");
            if (lastCodingChunked && chunkedCount == 1 && !otherCoding) {
                framing = BodyFraming.CHUNKED;
            } else if (lastCodingChunked) {
                throw new HttpParseException(Status.NOT_IMPLEMENTED, "unsupported transfer coding");
            } else {
                framing = BodyFraming.UNTIL_CLOSE;
                keepAlive = false;
            }
            length = -1;
        } else if (sawContentLength) {
            if (contentLength > limits.maxBodyBytes()) {
                throw new HttpParseException(Status.CONTENT_TOO_LARGE, "Content-Length over the body limit");
            }
            framing = contentLength == 0 ? BodyFraming.NONE : BodyFraming.LENGTH;
            length = contentLength;
        } else {
            framing = BodyFraming.UNTIL_CLOSE;
            length = -1;
            keepAlive = false;
        }
        return new ResponseHead(version, status, reason, headers, framing, length, keepAlive);
    }

    /**
     * Parses the field lines 1..lines-1 (RFC 9112 §5, RFC 9110 §5.5). Names become strings (well-known ones the
     * shared constants); values stay bytes, copied once with the whole field section into the map, which makes
     * a value into a string only when it is read (Headers I1): a handler reads few of a request's fields.
     */
    private Headers fields(byte[] a, int base, int end) {
        contentLength = 0;
        sawContentLength = false;
        hostCount = 0;
        sawTransferEncoding = false;
        chunkedCount = 0;
        lastCodingChunked = false;
        otherCoding = false;
        expectContinue = false;
        badExpectation = false;
        connectionClose = false;
        connectionKeepAlive = false;
        int count = lines - 1;
        String[] names = new String[count];
        int[] spans = new int[2 * count];
        int sectionStart = count == 0 ? 0 : base + lineEnds[0] + 2;
        for (int k = 1; k < lines; k++) {
            int s = base + lineEnds[k - 1] + 2;
            int e = base + lineEnds[k];
            byte first = a[s];
            if (first == ' ' || first == '\t') {
                throw bad(k == 1 ? "whitespace before the first header field" : "obsolete line folding");
            }
            int c = s;
            while (c < e && Ascii.isTchar(a[c])) c++;
            if (c == e || a[c] != ':') {
                throw bad(c < e && Ascii.isOws(a[c])
                        ? "whitespace between header field name and colon" : "invalid header field name");
            }
            if (c == s) throw bad("empty header field name");
            int vs = c + 1;
            while (vs < e && Ascii.isOws(a[vs])) vs++;
            int ve = e;
            while (ve > vs && Ascii.isOws(a[ve - 1])) ve--;
            checkFieldValue(a, vs, ve);
            String name = HeaderNames.of(a, s, c);
            if (name == HeaderNames.CONTENT_LENGTH) {
                contentLength(a, vs, ve);
            } else if (name == HeaderNames.TRANSFER_ENCODING) {
                transferEncoding(a, vs, ve);
            } else if (name == HeaderNames.HOST) {
                hostCount++;
                for (int i = vs; i < ve; i++) {
                    if (!Ascii.isHostByte(a[i])) throw bad("invalid Host header value");
                }
            } else if (name == HeaderNames.CONNECTION) {
                connectionOptions(a, vs, ve);
            } else if (name == HeaderNames.EXPECT) {
                if (Ascii.equalsLower(a, vs, ve, "100-continue")) {
                    expectContinue = true;
                } else if (ve > vs) {
                    badExpectation = true;
                }
            }
            names[k - 1] = name;
            spans[2 * (k - 1)] = vs - sectionStart;
            spans[2 * (k - 1) + 1] = ve - sectionStart;
        }
        byte[] raw = count == 0 ? NO_BYTES : Arrays.copyOfRange(a, sectionStart, base + lineEnds[lines - 1]);
        return ParsedHeaders.of(names, raw, spans, count);
    }

    private static final byte[] NO_BYTES = new byte[0];

    /** field-value = *field-content (RFC 9110 §5.5): no CTL but HTAB, no DEL; eight bytes a step where clean. */
    private static void checkFieldValue(byte[] a, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (Swar.notFieldText(Swar.word(a, i)) == 0) continue;
            for (int j = i; j < i + 8; j++) { // a flagged word: HTAB, or a byte to refuse
                if (!Ascii.isFieldByte(a[j])) throw bad("control byte in header field value");
            }
        }
        for (; i < to; i++) {
            if (!Ascii.isFieldByte(a[i])) throw bad("control byte in header field value");
        }
    }

    /** Connection = #connection-option (RFC 9110 §7.6.1): notes "close" and "keep-alive", without allocating. */
    private void connectionOptions(byte[] a, int vs, int ve) {
        int i = vs;
        while (i < ve) {
            int comma = i;
            while (comma < ve && a[comma] != ',') comma++;
            int s = i;
            int e = comma;
            while (s < e && Ascii.isOws(a[s])) s++;
            while (e > s && Ascii.isOws(a[e - 1])) e--;
            if (Ascii.equalsLower(a, s, e, "close")) connectionClose = true;
            else if (Ascii.equalsLower(a, s, e, "keep-alive")) connectionKeepAlive = true;
            i = comma + 1;
        }
    }

    /** Content-Length = 1*DIGIT (RFC 9110 §8.6); one field line only. */
    private void contentLength(byte[] a, int vs, int ve) {
        if (sawContentLength) throw bad("more than one Content-Length");
        if (vs == ve) throw bad("empty Content-Length");
        long v = 0;
        for (int i = vs; i < ve; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) throw bad("invalid Content-Length");
            if (v > (Long.MAX_VALUE - d) / 10) throw bad("Content-Length overflows");
            v = v * 10 + d;
        }
        sawContentLength = true;
        contentLength = v;
    }

    /** Transfer-Encoding = #transfer-coding (RFC 9112 §6.1); the list may span several field lines. */
    private void transferEncoding(byte[] a, int vs, int ve) {
        sawTransferEncoding = true;
        int i = vs;
        while (i <= ve) {
            int comma = i;
            while (comma < ve && a[comma] != ',') comma++;
            int s = i;
            int e = comma;
            while (s < e && Ascii.isOws(a[s])) s++;
            while (e > s && Ascii.isOws(a[e - 1])) e--;
            if (s < e) { // empty list elements are ignored (RFC 9110 §5.6.1)
                int nameEnd = s;
                while (nameEnd < e && Ascii.isTchar(a[nameEnd])) nameEnd++;
                if (nameEnd == s) throw bad("invalid transfer coding");
                int rest = nameEnd;
                while (rest < e && Ascii.isOws(a[rest])) rest++;
                if (rest < e && a[rest] != ';') throw bad("invalid transfer coding");
                if (Ascii.equalsLower(a, s, nameEnd, "chunked")) {
                    if (rest < e) throw bad("parameters on chunked");
                    chunkedCount++;
                    lastCodingChunked = true;
                } else {
                    otherCoding = true;
                    lastCodingChunked = false;
                }
            }
            i = comma + 1;
        }
    }

    /** RFC 9112 §3.2: the four target forms, each only where it belongs. */
    private static void checkTarget(Method method, String target) {
        char first = target.charAt(0);
        if (Method.CONNECT.equals(method)) {
            // authority-form = uri-host ":" port
            int colon = target.lastIndexOf(':');
            if (first == '/' || colon <= 0 || colon == target.length() - 1 || target.contains("/")
                    || target.contains("@")) {
                throw bad("CONNECT needs an authority-form target (host:port)");
            }
            for (int i = colon + 1; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c < '0' || c > '9') throw bad("CONNECT needs an authority-form target (host:port)");
            }
            return;
        }
        if (first == '/') return; // origin-form
        if (first == '*') {
            if (target.length() != 1 || !Method.OPTIONS.equals(method)) {
                throw bad("asterisk-form target is for OPTIONS only");
            }
            return;
        }
        // absolute-form: scheme "://" authority path-abempty [ "?" query ]
        int colon = target.indexOf("://");
        if (colon <= 0) throw bad("invalid request target");
        for (int i = 0; i < colon; i++) {
            char c = target.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
            if (!ok) throw bad("invalid scheme in absolute-form target");
        }
    }

    /** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive. */
    private static Version version(byte[] a, int from, int to, boolean request) {
        if (to - from != 8 || !Ascii.equals(a, from, from + 5, "HTTP/") || a[from + 6] != '.') {
            throw bad("malformed HTTP version");
        }
        int major = a[from + 5] - '0';
        int minor = a[from + 7] - '0';
        if (major < 0 || major > 9 || minor < 0 || minor > 9) throw bad("malformed HTTP version");
        if (major != 1) {
            throw new HttpParseException(Status.HTTP_VERSION_NOT_SUPPORTED, "HTTP major version " + major);
        }
        // RFC 9110 §2.5: a higher 1.x minor is answered as the highest 1.x we speak.
        return minor == 0 ? Version.HTTP_1_0 : Version.HTTP_1_1;
    }

    private static Method method(byte[] a, int from, int to) {
        switch (to - from) {
            case 3 -> {
                if (Ascii.equals(a, from, to, "GET")) return Method.GET;
                if (Ascii.equals(a, from, to, "PUT")) return Method.PUT;
            }
            case 4 -> {
                if (Ascii.equals(a, from, to, "POST")) return Method.POST;
                if (Ascii.equals(a, from, to, "HEAD")) return Method.HEAD;
            }
            case 5 -> {
                if (Ascii.equals(a, from, to, "PATCH")) return Method.PATCH;
                if (Ascii.equals(a, from, to, "TRACE")) return Method.TRACE;
            }
            case 6 -> {
                if (Ascii.equals(a, from, to, "DELETE")) return Method.DELETE;
            }
            case 7 -> {
                if (Ascii.equals(a, from, to, "OPTIONS")) return Method.OPTIONS;
                if (Ascii.equals(a, from, to, "CONNECT")) return Method.CONNECT;
            }
            default -> { }
        }
        return new Method(Ascii.string(a, from, to));
    }
}

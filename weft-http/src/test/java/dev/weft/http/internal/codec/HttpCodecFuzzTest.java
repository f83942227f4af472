package dev.weft.http.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.http.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzz tests of the wire codec (Jazzer). In a normal test run they replay the committed corpus under
 * {@code src/test/resources/dev/weft/http/internal/codec/HttpCodecFuzzTestInputs/<method>/} (regression mode);
 * {@code ./weft fuzz [seconds]} fuzzes them and grows that corpus.
 *
 * <p>Invariants checked on every input:
 * <ol>
 *   <li>the only exception is the codec's typed {@link HttpParseException} (with a 4xx/5xx status);</li>
 *   <li>memory is bounded by the limits: an incomplete head never holds more than the head limit, a body never
 *       decodes more than the body limit;</li>
 *   <li>feeding the same bytes in one piece or in small pieces gives the same outcome;</li>
 *   <li>parse(serialize(request)) equals the request, and decode(encode(body)) equals the body.</li>
 * </ol>
 */
class HttpCodecFuzzTest {

    /** Small limits, so the fuzzer reaches every limit check with short inputs. */
    static final ParseLimits LIMITS = new ParseLimits(256, 1024, 16, 4096, 128, 256);

    @FuzzTest(maxDuration = "10m")
    void requestParser(byte[] input) {
        checkRequest(input);
    }

    @FuzzTest(maxDuration = "10m")
    void chunkedDecoder(byte[] input) {
        checkChunked(input);
    }

    /** The outcome of one parse: a head, incomplete, or an error status. */
    private record Outcome(RequestHead head, int status, int consumed) {}

    static void checkRequest(byte[] input) {
        Outcome whole = parseInPieces(input, Integer.MAX_VALUE);
        int step = input.length == 0 ? 1 : 1 + (input[0] & 7);
        Outcome pieces = parseInPieces(input, step);
        if (whole.status != pieces.status || (whole.head == null) != (pieces.head == null)
                || whole.consumed != pieces.consumed) {
            throw new AssertionError("whole " + whole + " != pieces of " + step + " " + pieces);
        }
        if (whole.head != null) {
            if (!sameHead(whole.head, pieces.head)) throw new AssertionError("heads differ by feeding");
            roundTrip(whole.head);
        } else if (whole.status == 0 && input.length > LIMITS.maxHeadBytes() + LIMITS.maxRequestLineBytes() + 8) {
            // invariant 2: incomplete only while under the limits (leading empty lines are bounded too)
            throw new AssertionError("incomplete after " + input.length + " bytes, over the limits");
        }
    }

    private static Outcome parseInPieces(byte[] input, int step) {
        HeadParser p = new HeadParser(LIMITS);
        ByteBuffer buf = ByteBuffer.allocate(input.length);
        buf.flip();
        int fed = 0;
        int consumedBefore = 0;
        try {
            while (fed < input.length) {
                int n = Math.min(step, input.length - fed);
                buf.compact();
                buf.put(input, fed, n);
                buf.flip();
                fed += n;
                int before = buf.position();
                RequestHead h = p.parseRequest(buf);
                consumedBefore += buf.position() - before;
                if (h != null) return new Outcome(h, 0, consumedBefore);
            }
            return new Outcome(null, 0, -1);
        } catch (HttpParseException e) {
            int s = e.status().code();
            if (s < 400 || s > 599) throw new AssertionError("status " + s, e);
            return new Outcome(null, s, -1);
        }
    }

    private static void roundTrip(RequestHead h) {
        OutBuffer out = new OutBuffer(64);
        boolean chunked = h.framing() == BodyFraming.CHUNKED;
        long length = h.framing() == BodyFraming.LENGTH || h.headers().contains("Content-Length")
                ? h.contentLength() : -1;
        HeadWriter.request(out, h.method(), h.target(), h.version(), h.headers(), length, chunked);
        RequestHead again;
        try {
            again = new HeadParser(new ParseLimits(1 << 16, 1 << 16, 1000, Long.MAX_VALUE, 0, 0))
                    .parseRequest(out.buffer());
        } catch (HttpParseException e) {
            throw new AssertionError("serialized head does not parse: " + e.getMessage() + "\n"
                    + new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1), e);
        }
        if (again == null || !sameHead(h, again)) {
            throw new AssertionError("round trip changed the head: " + h + " -> " + again);
        }
    }

    private static boolean sameHead(RequestHead a, RequestHead b) {
        return a.method().equals(b.method()) && a.target().equals(b.target()) && a.version() == b.version()
                && a.framing() == b.framing() && a.contentLength() == b.contentLength()
                && a.keepAlive() == b.keepAlive() && a.expectContinue() == b.expectContinue()
                && withoutFraming(a.headers()).equals(withoutFraming(b.headers()));
    }

    private static Headers withoutFraming(Headers h) {
        Headers copy = new Headers(h);
        copy.remove("Content-Length");
        copy.remove("Transfer-Encoding");
        return copy;
    }

    static void checkChunked(byte[] input) {
        int step = input.length == 0 ? 1 : 1 + (input[0] & 15);
        byte[] whole = decode(input, Integer.MAX_VALUE);
        byte[] pieces = decode(input, step);
        if (whole != pieces && !Arrays.equals(whole, pieces) || (whole == FAILED) != (pieces == FAILED)) throw new AssertionError("decoding depends on how bytes arrive");
        if (whole != null && whole != INCOMPLETE && whole != FAILED) {
            if (whole.length > LIMITS.maxBodyBytes()) throw new AssertionError("decoded past the body limit");
            OutBuffer out = new OutBuffer(16);
            int piece = 1 + (input.length == 0 ? 0 : input[input.length - 1] & 31);
            for (int i = 0; i < whole.length; i += piece) {
                ChunkedEncoder.chunk(out, ByteBuffer.wrap(whole, i, Math.min(piece, whole.length - i)));
            }
            ChunkedEncoder.last(out);
            byte[] again = decode(out.toByteArray(), Integer.MAX_VALUE);
            if (!Arrays.equals(whole, again)) throw new AssertionError("decode(encode(body)) != body");
        }
    }

    private static final byte[] INCOMPLETE = new byte[0];
    private static final byte[] FAILED = new byte[0];

    /** The decoded body, INCOMPLETE, or FAILED (status checked). */
    private static byte[] decode(byte[] input, int step) {
        ChunkedDecoder d = new ChunkedDecoder(LIMITS);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(input.length);
        buf.flip();
        try {
            for (int fed = 0; fed < input.length; ) {
                int n = Math.min(step, input.length - fed);
                buf.compact();
                buf.put(input, fed, n);
                buf.flip();
                fed += n;
                for (ByteBuffer piece; (piece = d.decode(buf)) != null; ) {
                    if (piece == ChunkedDecoder.END) return body.toByteArray();
                    byte[] b = new byte[piece.remaining()];
                    piece.get(b);
                    body.writeBytes(b);
                    if (body.size() > LIMITS.maxBodyBytes()) throw new AssertionError("decoded past the limit");
                }
            }
            return INCOMPLETE;
        } catch (HttpParseException e) {
            int s = e.status().code();
            if (s < 400 || s > 599) throw new AssertionError("status " + s, e);
            return FAILED;
        }
    }
}

package dev.weft.http.internal.codec;

import static dev.weft.http.internal.codec.HttpParseException.bad;

import dev.weft.http.Status;
import java.nio.ByteBuffer;

/**
 * A strict, incremental decoder of the chunked transfer coding (RFC 9112 §7.1), for request bodies (servers)
 * and response bodies (clients).
 *
 * <p>{@link #decode} takes whatever input is available and returns the next piece of chunk data as a slice of
 * the input (no copy: copy it before the input buffer is reused), {@code null} when it needs more input, or
 * {@link #END} once the last chunk and the trailer section have been read; the input's position moves past
 * what was consumed. Chunk extensions are validated against their grammar and then ignored; trailer fields are
 * validated like header fields and discarded (RFC 9110 §6.5.1 lets a recipient discard them).
 * {@snippet :
 * ChunkedDecoder d = new ChunkedDecoder(ParseLimits.DEFAULT);
 * for (ByteBuffer piece; (piece = d.decode(in)) != null && piece != ChunkedDecoder.END; ) consume(piece);
 * }
 *
 * <p>Not thread-safe: one decoder per message.
 */
public final class ChunkedDecoder {
    /*
     * Implementation notes
     *
     * A byte-at-a-time state machine for the framing lines (chunk-size line, CRLF after data, trailer lines) and
     * a bulk slice for data, so no input byte is examined twice and none is buffered here.
     * I1. size < 2^60 after each hex digit (a 16th digit or an overflow is 400), and total + size <= maxBodyBytes
     *     before any data of the chunk is handed out (else 413): the body limit is enforced ahead of the data.
     * I2. extensionBytes and trailerBytes only grow within one message and are checked against their limits at
     *     every byte, so a flood of extensions or trailers costs bounded work before it is refused.
     */

    /** Returned by {@link #decode} when the body is complete (identity-compared; never read from). */
    public static final ByteBuffer END = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private static final int SIZE_FIRST = 0;
    private static final int SIZE = 1;
    private static final int EXT_BWS = 2; // BWS after size or value, before ";"
    private static final int EXT_SEMI = 3; // after ";" BWS, before name
    private static final int EXT_NAME = 4;
    private static final int EXT_NAME_BWS = 5; // BWS after name: "=" or ";" next
    private static final int EXT_EQ = 6; // after "=" BWS
    private static final int EXT_TOKEN = 7;
    private static final int EXT_QUOTED = 8;
    private static final int EXT_QUOTED_ESC = 9;
    private static final int EXT_QUOTED_END = 10;
    private static final int SIZE_LF = 11;
    private static final int DATA = 12;
    private static final int DATA_CR = 13;
    private static final int DATA_LF = 14;
    private static final int TRAILER_START = 15;
    private static final int TRAILER_NAME = 16;
    private static final int TRAILER_VALUE = 17;
    private static final int TRAILER_LF = 18;
    private static final int FINAL_LF = 19;
    private static final int DONE = 20;

    private final ParseLimits limits;
    private int state = SIZE_FIRST;
    private int digits;
    private long size;
    private long total;
    private int extensionBytes;
    private int trailerBytes;

    /** A decoder enforcing the body, extension and trailer limits of {@code limits}. */
    public ChunkedDecoder(ParseLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Whether the last chunk and the trailers have been read. */
    public boolean isDone() {
        return state == DONE;
    }

    /** The data bytes decoded so far. */
    public long decodedBytes() {
        return total;
    }

    /**
     * Decodes from {@code in}.
     *
     * @return a non-empty slice of {@code in} holding chunk data, {@link #END} when the body is complete, or
     *     {@code null} when {@code in} was used up without completing a piece
     * @throws HttpParseException on a framing error (400), a body over the limit (413) or trailers over the
     *     limit (431)
     */
    public ByteBuffer decode(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (state == DATA) {
                int n = (int) Math.min(size, in.remaining());
                ByteBuffer slice = in.slice(in.position(), n);
                in.position(in.position() + n);
                size -= n;
                if (size == 0) state = DATA_CR;
                return slice;
            }
            if (state == DONE) return END;
            step(in.get());
        }
        return state == DONE ? END : null;
    }

    private void step(byte b) {
        switch (state) {
            case SIZE_FIRST -> {
                int h = Ascii.hex(b);
                if (h < 0) throw bad("chunk size is not a hex number");
                size = h;
                digits = 1;
                state = SIZE;
            }
            case SIZE -> {
                int h = Ascii.hex(b);
                if (h >= 0) {
                    if (++digits > 15) throw bad("chunk size overflows"); // I1
                    size = size << 4 | h;
                } else {
                    endOfSize(b);
                }
            }
            case EXT_BWS -> {
                countExtension();
                if (b == ';') state = EXT_SEMI;
                else if (!Ascii.isOws(b)) throw bad("invalid chunk extension");
            }
            case EXT_SEMI -> {
                countExtension();
                if (Ascii.isTchar(b)) state = EXT_NAME;
                else if (!Ascii.isOws(b)) throw bad("invalid chunk extension name");
            }
            case EXT_NAME -> {
                countExtension();
                if (b == '\r') state = SIZE_LF;
                else if (b == ';') state = EXT_SEMI;
                else if (b == '=') state = EXT_EQ;
                else if (Ascii.isOws(b)) state = EXT_NAME_BWS;
                else if (!Ascii.isTchar(b)) throw bad("invalid chunk extension name");
            }
            case EXT_NAME_BWS -> {
                countExtension();
                if (b == ';') state = EXT_SEMI;
                else if (b == '=') state = EXT_EQ;
                else if (!Ascii.isOws(b)) throw bad("invalid chunk extension");
            }
            case EXT_EQ -> {
                countExtension();
                if (b == '"') state = EXT_QUOTED;
                else if (Ascii.isTchar(b)) state = EXT_TOKEN;
                else if (!Ascii.isOws(b)) throw bad("invalid chunk extension value");
            }
            case EXT_TOKEN -> {
                countExtension();
                if (b == '\r') state = SIZE_LF;
                else if (b == ';') state = EXT_SEMI;
                else if (Ascii.isOws(b)) state = EXT_BWS;
                else if (!Ascii.isTchar(b)) throw bad("invalid chunk extension value");
            }
            case EXT_QUOTED -> {
                countExtension();
                int c = b & 0xff;
                if (c == '"') state = EXT_QUOTED_END;
                else if (c == '\\') state = EXT_QUOTED_ESC;
                else if (c != '\t' && (c < 0x20 || c == 0x7f)) throw bad("invalid quoted chunk extension value");
            }
            case EXT_QUOTED_ESC -> {
                countExtension();
                int c = b & 0xff;
                if (c != '\t' && (c < 0x20 || c == 0x7f)) throw bad("invalid quoted-pair in chunk extension");
                state = EXT_QUOTED;
            }
            case EXT_QUOTED_END -> {
                countExtension();
                if (b == '\r') state = SIZE_LF;
                else if (b == ';') state = EXT_SEMI;
                else if (Ascii.isOws(b)) state = EXT_BWS;
                else throw bad("invalid chunk extension after quoted value");
            }
            case SIZE_LF -> {
                if (b != '\n') throw bad("bare CR in chunk size line");
                if (size == 0) {
                    state = TRAILER_START;
                } else {
                    if (total + size > limits.maxBodyBytes()) { // I1
                        throw new HttpParseException(Status.CONTENT_TOO_LARGE, "chunked body over the body limit");
                    }
                    total += size;
                    state = DATA;
                }
            }
            case DATA_CR -> {
                if (b != '\r') throw bad("chunk data longer than its size");
                state = DATA_LF;
            }
            case DATA_LF -> {
                if (b != '\n') throw bad("bare CR after chunk data");
                state = SIZE_FIRST;
            }
            case TRAILER_START -> {
                if (b == '\r') {
                    state = FINAL_LF;
                } else if (Ascii.isTchar(b)) {
                    countTrailer();
                    state = TRAILER_NAME;
                } else {
                    throw bad(Ascii.isOws(b) ? "obsolete line folding in trailers" : "invalid trailer field");
                }
            }
            case TRAILER_NAME -> {
                countTrailer();
                if (b == ':') state = TRAILER_VALUE;
                else if (!Ascii.isTchar(b)) throw bad("invalid trailer field name");
            }
            case TRAILER_VALUE -> {
                countTrailer();
                if (b == '\r') state = TRAILER_LF;
                else if (!Ascii.isFieldByte(b)) throw bad("control byte in trailer field value");
            }
            case TRAILER_LF -> {
                countTrailer();
                if (b != '\n') throw bad("bare CR in trailer field");
                state = TRAILER_START;
            }
            case FINAL_LF -> {
                if (b != '\n') throw bad("bare CR after trailers");
                state = DONE;
            }
            default -> throw new IllegalStateException("chunked decoder state " + state);
        }
    }

    private void endOfSize(byte b) {
        if (b == '\r') {
            state = SIZE_LF;
        } else if (b == ';') {
            countExtension();
            state = EXT_SEMI;
        } else if (Ascii.isOws(b)) {
            countExtension();
            state = EXT_BWS;
        } else {
            throw bad("chunk size is not a hex number");
        }
    }

    private void countExtension() {
        if (++extensionBytes > limits.maxChunkExtensionBytes()) throw bad("chunk extensions over the limit"); // I2
    }

    private void countTrailer() {
        if (++trailerBytes > limits.maxTrailerBytes()) { // I2
            throw new HttpParseException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "trailer section over the limit");
        }
    }
}

package dev.weft.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A codec of UTF-8 text lines: tokio-util's {@code LinesCodec}. A line ends with {@code "\n"} or
 * {@code "\r\n"}; frames are the lines without their terminator. Encoding appends {@code "\n"}.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=lines}
 *
 * <p><b>Limits.</b> {@code maxLength} bounds the bytes of a line, terminator excluded. A longer line fails with
 * {@link FrameTooLongException} naming the limit as soon as {@code maxLength + 2} bytes without a
 * {@code "\n"} have arrived (or {@code maxLength + 1} bytes whose last is not {@code '\r'}), so a reader using
 * this codec never buffers more than {@code maxLength + 2} bytes: the longest permitted line plus
 * {@code "\r\n"}. Bytes that are not UTF-8 fail with {@link CorruptFrameException}. Unlike Tokio, which
 * discards the rest of an over-long line and carries on, both errors end the stream: a peer that sends them is
 * broken or hostile.
 *
 * <p>At the end of the stream, a last line without terminator is still returned.
 */
public final class LinesCodec implements Codec<String> {
    /** The longest line {@link #unbounded()} accepts: the largest Java array. */
    static final int UNBOUNDED = Integer.MAX_VALUE - 10;

    private final int maxLength;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes from the frame start already searched for '\n' without finding it. */
    private int scanned;
    private long lineNumber = 1;

    private LinesCodec(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * A codec that rejects lines longer than {@code maxLength} bytes (terminator excluded).
     *
     * @throws IllegalArgumentException when {@code maxLength} is negative or above {@code Integer.MAX_VALUE - 10}
     */
    public static LinesCodec withMaxLength(int maxLength) {
        if (maxLength < 0 || maxLength > UNBOUNDED) {
            throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: 0.." + UNBOUNDED + ")");
        }
        return new LinesCodec(maxLength);
    }

    /**
     * A codec without a practical line limit (up to the largest Java array). Use it only with trusted peers: a
     * peer that never sends {@code '\n'} makes the reader buffer without bound.
     */
    public static LinesCodec unbounded() {
        return new LinesCodec(UNBOUNDED);
    }

    /** The longest line accepted, in bytes, terminator excluded. */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public long maxBufferedBytes() {
        return maxLength + 2L;
    }

    @Override
    public Optional<String> decode(ByteBuffer src) {
        int base = src.position();
        int avail = src.remaining();
        int nl = -1;
        for (int i = scanned; i < avail; i++) {
            if (src.get(base + i) == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            scanned = avail;
            boolean crPending = avail > 0 && src.get(base + avail - 1) == '\r';
            int allowed = crPending ? maxLength + 1 : maxLength;
            if (avail > allowed) throw tooLong(avail - (crPending ? 1 : 0));
            return Optional.empty();
        }
        int len = nl > 0 && src.get(base + nl - 1) == '\r' ? nl - 1 : nl;
        if (len > maxLength) throw tooLong(len);
        String line = utf8(src.slice(base, len));
        src.position(base + nl + 1);
        scanned = 0;
        lineNumber++;
        return Optional.of(line);
    }

    @Override
    public Optional<String> decodeEof(ByteBuffer src) {
        Optional<String> line = decode(src);
        if (line.isPresent() || !src.hasRemaining()) return line;
        int len = src.remaining();
        if (src.get(src.limit() - 1) == '\r') len--;
        if (len > maxLength) throw tooLong(len);
        String last = utf8(src.slice(src.position(), len));
        src.position(src.limit());
        scanned = 0;
        lineNumber++;
        return Optional.of(last);
    }

    @Override
    public void encode(String item, ByteBuilder dst) {
        Objects.requireNonNull(item, "item");
        byte[] b = item.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxLength) {
            throw new FrameTooLongException(b.length, maxLength, "line to encode is " + b.length
                    + " bytes, over LinesCodec maxLength " + maxLength);
        }
        for (byte x : b) {
            if (x == '\n') throw new CorruptFrameException("line to encode contains '\\n' (a line must not)");
        }
        dst.put(b).put((byte) '\n');
    }

    private FrameTooLongException tooLong(long seen) {
        return new FrameTooLongException(seen, maxLength, "line " + lineNumber + " is longer than LinesCodec"
                + " maxLength " + maxLength + " bytes (" + seen + " bytes received"
                + (seen > maxLength + 1L ? " without a line terminator" : "") + ")");
    }

    private String utf8(ByteBuffer bytes) {
        try {
            CharBuffer chars = utf8.reset().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CorruptFrameException("line " + lineNumber + " is not valid UTF-8: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "LinesCodec[maxLength=" + maxLength + "]";
    }
}

package dev.weft.io;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A codec of byte frames each preceded by its length: tokio-util's {@code LengthDelimitedCodec}. The length
 * field is big-endian and unsigned, 4 bytes by default (1, 2, 4 or 8 via {@link #builder()}), and counts the
 * payload only.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=lengthDelimited}
 *
 * <p><b>Limits.</b> A length above {@code maxFrameLength} (8 MiB by default, as in Tokio) fails with
 * {@link FrameTooLongException} as soon as the length field has arrived, before anything is allocated for
 * the payload; an 8-byte length with the top bit set (negative as a Java {@code long}) fails with
 * {@link CorruptFrameException}. A reader using this codec never buffers more than
 * {@code lengthFieldSize + maxFrameLength} bytes. Both errors end the stream.
 */
public final class LengthDelimitedCodec implements Codec<byte[]> {
    /** Tokio's default maximum frame length: 8 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 8 * 1024 * 1024;

    private final int fieldSize;
    private final int maxFrameLength;

    private LengthDelimitedCodec(int fieldSize, int maxFrameLength) {
        this.fieldSize = fieldSize;
        this.maxFrameLength = maxFrameLength;
    }

    /** A codec with a 4-byte length field and an 8 MiB frame limit. */
    public static LengthDelimitedCodec create() {
        return new LengthDelimitedCodec(4, DEFAULT_MAX_FRAME_LENGTH);
    }

    /** A builder to choose the length field size and the frame limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The size of the length field in bytes (1, 2, 4 or 8). */
    public int lengthFieldSize() {
        return fieldSize;
    }

    /** The longest payload accepted, in bytes. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    public long maxBufferedBytes() {
        return (long) fieldSize + maxFrameLength;
    }

    @Override
    public Optional<byte[]> decode(ByteBuffer src) {
        if (src.remaining() < fieldSize) return Optional.empty();
        int base = src.position();
        long len = 0;
        for (int i = 0; i < fieldSize; i++) len = (len << 8) | (src.get(base + i) & 0xFF);
        if (len < 0) {
            throw new CorruptFrameException("length prefix 0x" + Long.toHexString(len) + " is negative as a"
                    + " signed 8-byte length (expected: 0.." + maxFrameLength + ")");
        }
        if (len > maxFrameLength) {
            throw new FrameTooLongException(len, maxFrameLength, "frame length " + len + " exceeds"
                    + " LengthDelimitedCodec maxFrameLength " + maxFrameLength + " bytes");
        }
        if (src.remaining() - fieldSize < len) return Optional.empty();
        byte[] frame = new byte[(int) len];
        src.get(base + fieldSize, frame);
        src.position(base + fieldSize + (int) len);
        return Optional.of(frame);
    }

    @Override
    public void encode(byte[] item, ByteBuilder dst) {
        Objects.requireNonNull(item, "item");
        long fieldMax = fieldSize == 8 ? Long.MAX_VALUE : (1L << (8 * fieldSize)) - 1;
        if (item.length > maxFrameLength || item.length > fieldMax) {
            long limit = Math.min(maxFrameLength, fieldMax);
            throw new FrameTooLongException(item.length, limit, "frame to encode is " + item.length
                    + " bytes, over the limit of " + limit + " bytes (maxFrameLength " + maxFrameLength
                    + ", " + fieldSize + "-byte length field)");
        }
        switch (fieldSize) {
            case 1 -> dst.put((byte) item.length);
            case 2 -> dst.putShort(item.length);
            case 4 -> dst.putInt(item.length);
            default -> dst.putLong(item.length);
        }
        dst.put(item);
    }

    @Override
    public String toString() {
        return "LengthDelimitedCodec[lengthFieldSize=" + fieldSize + ", maxFrameLength=" + maxFrameLength + "]";
    }

    /** Chooses the length field size and the frame limit of a {@link LengthDelimitedCodec}. */
    @CanIgnoreReturnValue
    public static final class Builder {
        private int fieldSize = 4;
        private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;

        Builder() {}

        /**
         * The length field size in bytes.
         *
         * @throws IllegalArgumentException unless {@code bytes} is 1, 2, 4 or 8
         */
        public Builder lengthFieldSize(int bytes) {
            if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
                throw new IllegalArgumentException("lengthFieldSize: " + bytes + " (expected: 1, 2, 4 or 8)");
            }
            this.fieldSize = bytes;
            return this;
        }

        /**
         * The longest payload accepted.
         *
         * @throws IllegalArgumentException when {@code max} is negative or above {@code Integer.MAX_VALUE - 16}
         */
        public Builder maxFrameLength(int max) {
            if (max < 0 || max > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxFrameLength: " + max + " (expected: 0.."
                        + (Integer.MAX_VALUE - 16) + ")");
            }
            this.maxFrameLength = max;
            return this;
        }

        /** The codec. */
        public LengthDelimitedCodec build() {
            return new LengthDelimitedCodec(fieldSize, maxFrameLength);
        }
    }
}

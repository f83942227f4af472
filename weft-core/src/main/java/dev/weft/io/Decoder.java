package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Turns accumulated bytes into frames: tokio-util's {@code Decoder}. {@link FramedRead} calls
 * {@link #decode(ByteBuffer)} with every byte received and not yet consumed.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=customCodec}
 *
 * <p>A decoder may keep state between calls (e.g. how far it already scanned), so one decoder instance serves
 * one byte stream.
 *
 * @param <T> the frame type
 */
public interface Decoder<T> {

    /**
     * Decodes one frame from the front of {@code src} (the bytes between its position and its limit).
     * On success, advances {@code src}'s position past the frame and returns it; when the bytes do not hold a
     * complete frame yet, leaves the position where the frame starts (it may have been left unchanged) and
     * returns empty: the caller reads more and calls again with the same bytes plus the new ones.
     *
     * <p>A decoder must not keep {@code src} or read beyond its limit.
     *
     * @throws CodecException when the bytes can never form a valid frame (the stream is then unusable)
     */
    Optional<T> decode(ByteBuffer src);

    /**
     * Decodes at the end of the stream: a frame, or empty when {@code src} is empty. The default calls
     * {@link #decode} and fails when bytes are left over.
     *
     * @throws CorruptFrameException when the stream ended in the middle of a frame
     */
    default Optional<T> decodeEof(ByteBuffer src) {
        Optional<T> frame = decode(src);
        if (frame.isEmpty() && src.hasRemaining()) {
            throw new CorruptFrameException("stream ended inside a frame: " + src.remaining()
                    + " bytes left over that do not form a complete frame");
        }
        return frame;
    }

    /**
     * The most bytes this decoder ever needs buffered to decode a frame or to reject the input; a reader never
     * buffers more than this (it reads less). {@link Long#MAX_VALUE} (the default) means no bound. A decoder
     * that returns a bound must throw from {@link #decode} rather than return empty when handed that many
     * bytes.
     */
    default long maxBufferedBytes() {
        return Long.MAX_VALUE;
    }
}

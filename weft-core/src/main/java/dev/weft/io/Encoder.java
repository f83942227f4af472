package dev.weft.io;

/**
 * Turns frames into bytes: tokio-util's {@code Encoder}. {@link FramedWrite} calls {@link #encode} for every
 * frame sent and writes the accumulated bytes.
 *
 * @param <T> the frame type
 */
public interface Encoder<T> {

    /**
     * Appends the encoding of {@code item} to {@code dst}. When it throws, whatever it appended is discarded by
     * the caller ({@link FramedWrite} truncates {@code dst} back).
     *
     * @throws CodecException when {@code item} cannot be encoded (e.g. longer than the codec's limit)
     */
    void encode(T item, ByteBuilder dst);
}

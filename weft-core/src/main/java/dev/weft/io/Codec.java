package dev.weft.io;

/**
 * A codec that both decodes and encodes frames of one type, for {@link Framed}.
 *
 * @param <T> the frame type
 */
public interface Codec<T> extends Decoder<T>, Encoder<T> {}

package dev.weft.io;

/**
 * A codec rejected its input: the bytes received are not a valid frame ({@link CorruptFrameException}) or
 * announce a frame larger than the codec accepts ({@link FrameTooLongException}). Thrown by
 * {@link Decoder#decode}/{@link Encoder#encode} and propagated by {@link FramedRead}/{@link FramedWrite}.
 */
public abstract sealed class CodecException extends RuntimeException
        permits CorruptFrameException, FrameTooLongException {
    private static final long serialVersionUID = 1L;

    CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}

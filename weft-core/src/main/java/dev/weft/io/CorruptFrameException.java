package dev.weft.io;

/**
 * The input is not a valid frame: a line that is not UTF-8, a negative length prefix, bytes left over at the
 * end of the stream. The message says which rule was broken and where.
 */
public final class CorruptFrameException extends CodecException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying what was wrong. */
    public CorruptFrameException(String message) {
        super(message, null);
    }

    /** Creates the exception with a message and the underlying cause. */
    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}

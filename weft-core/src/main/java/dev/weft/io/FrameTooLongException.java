package dev.weft.io;

/**
 * A frame is longer than the codec's limit: an over-long line ({@link LinesCodec}) or a length prefix above
 * the maximum ({@link LengthDelimitedCodec}). Thrown as soon as the excess is known, before any memory for the
 * frame is allocated.
 */
public final class FrameTooLongException extends CodecException {
    private static final long serialVersionUID = 1L;
    private final long length;
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param length the frame length seen (for a line still unterminated: a lower bound, the bytes seen so far)
     * @param limit the codec's limit
     * @param message the full message
     */
    public FrameTooLongException(long length, long limit, String message) {
        super(message, null);
        this.length = length;
        this.limit = limit;
    }

    /** The frame length seen (a lower bound when the frame had not ended yet). */
    public long length() {
        return length;
    }

    /** The codec's limit that {@link #length()} exceeds. */
    public long limit() {
        return limit;
    }
}

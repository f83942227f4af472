package dev.weft.http;

/**
 * A body was longer than the limit its reader set: servers answer it with 413 Content Too Large.
 */
public final class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long seen;
    private final long limit;

    /**
     * @param seen the length declared or read so far
     * @param limit the limit in bytes
     */
    public BodyTooLargeException(long seen, long limit) {
        super("body of at least " + seen + " bytes is over the limit of " + limit + " bytes");
        this.seen = seen;
        this.limit = limit;
    }

    /** The length declared or read when the limit was passed. */
    public long seen() {
        return seen;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}

package dev.weft.sync;

/**
 * A channel operation failed because the other side of the channel is closed: the one exception type every
 * channel uses for "closed", so {@code catch (ChannelClosedException e)} covers them all.
 *
 * <p>It has two cases: {@link SendException} on the sending side (the receiver is gone; the undelivered value is
 * in {@link SendException#value()}) and {@link RecvException} on the receiving side (every sender is gone and no
 * value is left). Only the waiting futures whose own value cannot say "closed" throw it; everything else reports
 * closed as a value. The rule, channel by channel, is in the {@linkplain dev.weft.sync package documentation}.
 */
public abstract sealed class ChannelClosedException extends RuntimeException permits SendException, RecvException {
    private static final long serialVersionUID = 1L;

    ChannelClosedException(String message, Throwable cause, boolean enableSuppression, boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }

    ChannelClosedException(String message) {
        super(message);
    }
}

package dev.weft.sync;

/**
 * Thrown by a receiving future when no value will ever arrive because the sending side closed: a
 * {@link Oneshot.Receiver} whose sender was closed without sending, or {@link Watch.Receiver#changed()} after
 * the watch sender closed (Tokio's {@code RecvError}). The receiving case of {@link ChannelClosedException}.
 */
public final class RecvException extends ChannelClosedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying which sender closed. */
    public RecvException(String message) {
        super(message);
    }
}

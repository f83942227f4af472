package dev.weft.sync;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a channel's {@code send} future when the message cannot be delivered because the receiving side
 * is gone (closed); it hands the message back through {@link #value()}. The sending case of
 * {@link ChannelClosedException}.
 *
 * <p>Java exceptions cannot be generic, so the value is typed {@code Object} here. Code that wants the value
 * back typed uses the {@code try} variants, whose sealed results carry it ({@code Mpsc.TrySend.Closed}).
 */
public final class SendException extends ChannelClosedException {
    private static final long serialVersionUID = 1L;

    /** The undelivered message; transient because messages need not be serializable. */
    private final transient Object value;

    /** Creates the exception for {@code value}, with a message saying why it was not delivered. */
    public SendException(String message, @Nullable Object value) {
        super(message, null, false, false);
        this.value = value;
    }

    /** The message that was not delivered. */
    public @Nullable Object value() {
        return value;
    }
}

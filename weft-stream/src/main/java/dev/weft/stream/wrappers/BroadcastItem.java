package dev.weft.stream.wrappers;

import java.util.Optional;

/**
 * One element of a {@link BroadcastStream}: a {@link Message}, or a {@link Lagged} notice that the receiver
 * fell behind and missed messages (tokio-stream's {@code Result<T, BroadcastStreamRecvError::Lagged(n)>}).
 *
 * <p>Lag is a protocol outcome, not a failure: the stream goes on with the oldest message the channel still
 * retains, so it is an element the consumer can {@code switch} on rather than an exception that would end the
 * stream. To ignore lag, keep only the messages: {@code stream.filterMap(BroadcastItem::message)}.
 *
 * @param <T> the message type
 */
public sealed interface BroadcastItem<T> permits BroadcastItem.Message, BroadcastItem.Lagged {

    /**
     * The next message.
     *
     * @param value the message (never null)
     * @param <T> the message type
     */
    record Message<T>(T value) implements BroadcastItem<T> {}

    /**
     * The receiver fell behind by {@code skipped} messages, which it will never see; the next element is the
     * oldest message still retained.
     *
     * @param skipped how many messages were missed ({@code > 0})
     * @param <T> the message type
     */
    record Lagged<T>(long skipped) implements BroadcastItem<T> {}

    /** The message of a {@code Message}, or {@code Optional.empty()} for a {@code Lagged} notice. */
    default Optional<T> message() {
        return this instanceof Message<T> m ? Optional.of(m.value()) : Optional.empty();
    }
}

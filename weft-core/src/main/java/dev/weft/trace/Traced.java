package dev.weft.trace;

import dev.weft.future.Future;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A message that carries its sender's span across a channel (or any queue, stream or shared structure), so the
 * receiver's work joins the sender's trace: send {@code Traced<T>} instead of {@code T}, on request.
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=channel}
 *
 * <p>Why a carrier rather than a channel option: it works with every channel kind ({@code Mpsc},
 * {@code Oneshot}, {@code Broadcast}, {@code Watch}), with streams and with user code alike; a channel whose
 * messages are not traced pays nothing, not even a field; and the receiver decides what the sender's span means
 * for it ({@link #instrument(Future)} or {@link #enter()} to continue in it, or
 * {@link SpanBuilder#parent(Span)} to start a child span). See docs/adr for the decision.
 *
 * <p>Immutable, so as thread-safe as its value.
 *
 * @param <T> the message type
 */
public final class Traced<T> {
    private final T value;
    private final @Nullable Span span; // null: sent with no span current

    private Traced(T value, Span span) {
        this.value = value;
        this.span = span;
    }

    /**
     * {@code value} with the span current on this thread (none when no span is current).
     *
     * @param value the message
     * @param <T> its type
     * @return the carrier
     * @throws NullPointerException when {@code value} is null
     */
    public static <T> Traced<T> of(T value) {
        return new Traced<>(Objects.requireNonNull(value, "value"), Spans.current());
    }

    /**
     * {@code value} with {@code span}.
     *
     * @param value the message
     * @param span the span to carry
     * @param <T> its type
     * @return the carrier
     * @throws NullPointerException when {@code value} or {@code span} is null
     */
    public static <T> Traced<T> of(T value, Span span) {
        return new Traced<>(Objects.requireNonNull(value, "value"), Objects.requireNonNull(span, "span"));
    }

    /**
     * The message.
     *
     * @return the value sent
     */
    public T value() {
        return value;
    }

    /**
     * The sender's span, or empty when none was current at the send.
     *
     * @return the carried span
     */
    public Optional<Span> span() {
        return Optional.ofNullable(span);
    }

    /**
     * Makes the sender's span current on this thread until the scope is closed (a scope that does nothing when
     * there is none): for an async block that handles the message.
     *
     * @return the scope to close
     */
    public Span.Scope enter() {
        return span == null ? NoScope.INSTANCE : span.enter();
    }

    /**
     * Wraps {@code future} so that the sender's span is current during each of its polls (spans it starts are
     * children of the sender's); {@code future} itself when there is no span.
     *
     * <p><b>Cancel safety:</b> as {@code future}'s.
     *
     * @param future the receiver's work on the message
     * @param <R> its value type
     * @return the instrumented future
     * @throws NullPointerException when {@code future} is null
     */
    public <R> Future<R> instrument(Future<R> future) {
        Objects.requireNonNull(future, "future");
        return span == null ? future : Instrumented.of(span, future);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Traced<?> t && value.equals(t.value) && Objects.equals(span, t.span);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + Objects.hashCode(span);
    }

    @Override
    public String toString() {
        return "Traced[" + value + (span != null ? " in " + span.name() + " " + span.spanId() : "") + "]";
    }

    private enum NoScope implements Span.Scope {
        INSTANCE;

        @Override
        public void close() {}
    }
}

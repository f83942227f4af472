package dev.weft.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Bridges between {@link Stream} and {@link java.util.concurrent.Flow} (Reactive Streams), honouring demand in
 * both directions.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=flow}
 *
 * <ul>
 *   <li>{@link #toPublisher(Stream, Executor)}: a publisher that polls the stream only while the subscriber has
 *       outstanding demand, never signals more {@code onNext} than requested (rule 1.1), stops and cancels the
 *       stream on {@code cancel()} (rule 3.5), and answers {@code request(n)} with {@code n <= 0} by cancelling
 *       the stream and signalling {@code onError(IllegalArgumentException)} (rule 3.9).</li>
 *   <li>{@link #fromPublisher(Flow.Publisher, int)}: a stream that subscribes at its first poll, requests
 *       {@code prefetch} elements, and requests more in batches of three quarters of {@code prefetch} as the
 *       consumer takes them, so at most {@code prefetch} elements are ever buffered.</li>
 * </ul>
 */
public final class FlowAdapters {

    /** The prefetch of {@link #fromPublisher(Flow.Publisher)} (Reactor's small buffer size). */
    public static final int DEFAULT_PREFETCH = 256;

    private FlowAdapters() {}

    /**
     * A single-subscriber publisher of {@code stream}'s elements, polling the stream on {@code executor}. The
     * first subscriber gets the elements; any later one gets {@code onSubscribe} then
     * {@code onError(IllegalStateException)} (rule 1.9 allows rejecting subscribers). The stream is not polled
     * before the subscriber requests. A stream failure becomes {@code onError}; its end, {@code onComplete}.
     *
     * <p>Signals to the subscriber are serialised (rule 1.3) and run on {@code executor}, one drain at a time; a
     * subscriber that throws from {@code onNext} is treated as having cancelled (rule 2.13).
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Flow.Publisher<T> toPublisher(Stream<T> stream, Executor executor) {
        return new StreamPublisher<>(Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(executor, "executor"));
    }

    /**
     * As {@link #toPublisher(Stream, Executor)}, polling the stream on short-lived virtual threads (one per
     * drain).
     *
     * @throws NullPointerException when {@code stream} is null
     */
    public static <T> Flow.Publisher<T> toPublisher(Stream<T> stream) {
        return toPublisher(stream, r -> Thread.ofVirtual().name("weft-stream-publisher").start(r));
    }

    /**
     * A stream of {@code publisher}'s elements with a prefetch of {@value #DEFAULT_PREFETCH}; see
     * {@link #fromPublisher(Flow.Publisher, int)}.
     *
     * @throws NullPointerException when {@code publisher} is null
     */
    public static <T> Stream<T> fromPublisher(Flow.Publisher<? extends T> publisher) {
        return fromPublisher(publisher, DEFAULT_PREFETCH);
    }

    /**
     * A stream of {@code publisher}'s elements. It subscribes at its first poll (not before: streams are lazy),
     * requests {@code prefetch} elements, and each time the consumer has taken {@code prefetch - prefetch / 4} of
     * them requests that many again. {@code onError(e)} makes {@code pollNext} throw {@code e} (a checked
     * exception wrapped in {@link java.util.concurrent.CompletionException}); {@code onComplete} ends the stream
     * after the buffered elements. Cancelling the stream cancels the subscription and drops the buffer.
     *
     * @throws NullPointerException when {@code publisher} is null
     * @throws IllegalArgumentException when {@code prefetch <= 0}
     */
    public static <T> Stream<T> fromPublisher(Flow.Publisher<? extends T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "publisher");
        if (prefetch <= 0) throw new IllegalArgumentException("prefetch: " + prefetch + " (expected: > 0)");
        return new PublisherStream<>(publisher, prefetch);
    }
}

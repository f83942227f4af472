package dev.weft.stream;

import dev.weft.runtime.Handle;
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
     * <p><b>Runtime.</b> The stream is polled with the runtime current where {@code toPublisher} is called, else
     * the one current where {@code subscribe} is called, so streams that use timers ({@code throttle},
     * {@code timeout}, {@code Interval}s) or sockets work: their wake-ups come from that runtime's drivers. With
     * no runtime in either place such a stream fails ({@code onError} with the "outside a Weft runtime"
     * {@code IllegalStateException}); pass a {@link Handle} with {@link #toPublisher(Stream, Handle)} to choose.
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Flow.Publisher<T> toPublisher(Stream<T> stream, Executor executor) {
        return new StreamPublisher<>(Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(executor, "executor"),
                Handle.tryCurrent().orElse(null));
    }

    /**
     * As {@link #toPublisher(Stream)}, polling the stream with {@code runtime}'s timers and sockets wherever the
     * subscriber subscribes and requests (a Reactor or JDK {@code HttpClient} thread, say).
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=flowTimer}
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Flow.Publisher<T> toPublisher(Stream<T> stream, Handle runtime) {
        return new StreamPublisher<>(Objects.requireNonNull(stream, "stream"), VIRTUAL_THREADS,
                Objects.requireNonNull(runtime, "runtime"));
    }

    /** One short-lived virtual thread per drain pass. */
    private static final Executor VIRTUAL_THREADS = r -> Thread.ofVirtual().name("weft-stream-publisher").start(r);

    /**
     * As {@link #toPublisher(Stream, Executor)}, polling the stream on short-lived virtual threads (one per
     * drain).
     *
     * @throws NullPointerException when {@code stream} is null
     */
    public static <T> Flow.Publisher<T> toPublisher(Stream<T> stream) {
        return toPublisher(stream, VIRTUAL_THREADS);
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

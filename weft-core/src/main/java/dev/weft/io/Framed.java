package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Objects;
import java.util.Optional;

/**
 * A duplex frame transport over a reader and a writer: tokio-util's {@code Framed}. The receive side is a
 * {@link FramedRead}, the send side a {@link FramedWrite}; they are independent, so one task can receive while
 * another sends (use {@link #readHalf()} and {@link #writeHalf()}).
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=framed}
 *
 * @param <I> the type of frames received
 * @param <O> the type of frames sent
 */
public final class Framed<I, O> {
    private final FramedRead<I> read;
    private final FramedWrite<O> write;

    private Framed(FramedRead<I> read, FramedWrite<O> write) {
        this.read = read;
        this.write = write;
    }

    /**
     * Frames {@code reader}/{@code writer} with one codec for both directions.
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Framed<T, T> of(AsyncRead reader, AsyncWrite writer, Codec<T> codec) {
        Objects.requireNonNull(codec, "codec");
        return new Framed<>(new FramedRead<>(reader, codec), new FramedWrite<>(writer, codec));
    }

    /**
     * Frames {@code reader} with {@code decoder} and {@code writer} with {@code encoder}; senders wait while
     * {@code highWaterMark} bytes are buffered.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code highWaterMark} is below 1
     */
    public static <I, O> Framed<I, O> of(AsyncRead reader, Decoder<I> decoder, AsyncWrite writer,
            Encoder<O> encoder, int highWaterMark) {
        return new Framed<>(new FramedRead<>(reader, decoder), new FramedWrite<>(writer, encoder, highWaterMark));
    }

    /** Polls for the next frame received; see {@link FramedRead#pollNext}. */
    public Poll<Optional<I>> pollNext(Context cx) {
        return read.pollNext(cx);
    }

    /**
     * A future of the next frame received, or empty at the end of the stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe (see {@link FramedRead#next()}).
     */
    public Future<Optional<I>> next() {
        return read.next();
    }

    /**
     * A future that enqueues {@code item} (waiting below the high-water mark) and flushes.
     *
     * <p><b>Cancel safety:</b> see {@link FramedWrite#send}.
     */
    public Future<Void> send(O item) {
        return write.send(item);
    }

    /**
     * A future that enqueues {@code item} without flushing.
     *
     * <p><b>Cancel safety:</b> cancel-safe (see {@link FramedWrite#feed}).
     */
    public Future<Void> feed(O item) {
        return write.feed(item);
    }

    /**
     * A future that writes out and flushes everything enqueued.
     *
     * <p><b>Cancel safety:</b> cancel-safe.
     */
    public Future<Void> flush() {
        return write.flush();
    }

    /**
     * A future that flushes and shuts the write direction down; the read side stays usable.
     *
     * <p><b>Cancel safety:</b> cancel-safe; closing can be retried.
     */
    public Future<Void> close() {
        return write.close();
    }

    /** The receive side. */
    public FramedRead<I> readHalf() {
        return read;
    }

    /** The send side. */
    public FramedWrite<O> writeHalf() {
        return write;
    }
}

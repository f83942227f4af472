package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A sink of frames encoded onto an {@link AsyncWrite}: tokio-util's {@code FramedWrite}. Frames are encoded
 * into a write buffer, which is written out when it reaches the high-water mark and on {@link #flush()}.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=framed}
 *
 * <p><b>Backpressure.</b> {@link #pollReady} (and so {@link #feed} and {@link #send}) waits while the buffer
 * holds at least {@code highWaterMark} bytes (default 8 KiB, Tokio's backpressure boundary), writing it out
 * meanwhile; a slow writer therefore slows the sender instead of growing the buffer. The buffer holds at most
 * {@code highWaterMark - 1} bytes plus one encoded frame.
 *
 * <p>The futures follow futures-rs's {@code SinkExt}: {@link #feed} enqueues without flushing, {@link #send}
 * enqueues and flushes, {@link #close()} flushes and shuts the writer down.
 *
 * <p>Owned by one task at a time, like the writer it wraps.
 *
 * @param <T> the frame type
 */
public final class FramedWrite<T> {
    /*
     * Implementation notes
     *
     * Single-owner, no synchronisation.
     * I1. Encoding happens only after pollReady returned Ready, i.e. with buffer.size() < highWaterMark.
     * I2. A failed encode leaves the buffer as before it (truncate back), so a codec error loses no frame
     *     already queued.
     */
    /** Tokio's default backpressure boundary. */
    public static final int DEFAULT_HIGH_WATER_MARK = 8 * 1024;

    private final AsyncWrite writer;
    private final Encoder<T> encoder;
    private final int highWaterMark;
    private final ByteBuilder buffer = new ByteBuilder(1024);

    /** Frames onto {@code writer} with {@code encoder} and the default high-water mark. */
    public FramedWrite(AsyncWrite writer, Encoder<T> encoder) {
        this(writer, encoder, DEFAULT_HIGH_WATER_MARK);
    }

    /**
     * Frames onto {@code writer} with {@code encoder}; senders wait while {@code highWaterMark} or more bytes are
     * buffered.
     *
     * @throws IllegalArgumentException when {@code highWaterMark} is below 1
     */
    public FramedWrite(AsyncWrite writer, Encoder<T> encoder, int highWaterMark) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (highWaterMark < 1) {
            throw new IllegalArgumentException("highWaterMark: " + highWaterMark + " (expected: >= 1)");
        }
        this.highWaterMark = highWaterMark;
    }

    /**
     * Ready when another frame may be encoded: writes buffered bytes out while at least {@code highWaterMark}
     * are buffered.
     *
     * @return {@code Ready} when below the mark, or {@code Pending} after the writer stored the waker
     * @throws UncheckedIOException when the writer fails
     */
    public Poll<Void> pollReady(Context cx) {
        while (buffer.size() >= highWaterMark) {
            if (pollWriteSome(cx).isPending()) return Poll.pending();
        }
        return Poll.ready(null);
    }

    /**
     * Encodes {@code item} into the write buffer now, without waiting; call it after {@link #pollReady}
     * returned Ready (Rust's {@code start_send}). Frames encoded without {@code pollReady} bypass the
     * backpressure.
     *
     * @throws CodecException when the encoder rejects {@code item} (the buffer is left unchanged)
     */
    public void startSend(T item) {
        Objects.requireNonNull(item, "item");
        int before = buffer.size();
        try {
            encoder.encode(item, buffer);
        } catch (RuntimeException | Error e) {
            buffer.truncate(before);
            throw e;
        }
    }

    /** Writes every buffered byte, then flushes the writer. */
    public Poll<Void> pollFlush(Context cx) {
        while (!buffer.isEmpty()) {
            if (pollWriteSome(cx).isPending()) return Poll.pending();
        }
        return writer.pollFlush(cx);
    }

    /** Writes every buffered byte, flushes, then shuts the writer down. */
    public Poll<Void> pollClose(Context cx) {
        if (pollFlush(cx).isPending()) return Poll.pending();
        return writer.pollShutdown(cx);
    }

    /**
     * A future that waits for room below the high-water mark, then encodes {@code item} into the buffer
     * (futures-rs {@code feed}); the bytes are written when the buffer fills up or on {@link #flush()}.
     *
     * <p><b>Cancel safety:</b> cancel-safe: cancelled before it completes, {@code item} was not enqueued (the
     * buffered bytes written meanwhile stay written).
     *
     * @throws NullPointerException when {@code item} is null
     */
    public Future<Void> feed(T item) {
        Objects.requireNonNull(item, "item");
        return cx -> {
            if (pollReady(cx).isPending()) return Poll.pending();
            startSend(item);
            return Poll.ready(null);
        };
    }

    /**
     * A future that enqueues {@code item} as {@link #feed} does, then flushes everything buffered (futures-rs
     * {@code send}).
     *
     * <p><b>Cancel safety:</b> not cancel-safe once the item is enqueued: cancelled while flushing, the item stays
     * in the buffer and goes out with the next flush; cancelled before, it was not enqueued. Use {@link #feed} in
     * a {@code select} loop and {@link #flush()} afterwards.
     *
     * @throws NullPointerException when {@code item} is null
     */
    public Future<Void> send(T item) {
        Objects.requireNonNull(item, "item");
        return new Future<>() {
            private boolean enqueued;

            @Override
            public Poll<Void> poll(Context cx) {
                if (!enqueued) {
                    if (pollReady(cx).isPending()) return Poll.pending();
                    startSend(item);
                    enqueued = true;
                }
                return pollFlush(cx);
            }
        };
    }

    /**
     * A future that writes out everything buffered and flushes the writer.
     *
     * <p><b>Cancel safety:</b> cancel-safe: what was not written yet stays buffered.
     */
    public Future<Void> flush() {
        return this::pollFlush;
    }

    /**
     * A future that flushes and then shuts the writer down (TCP: sends FIN).
     *
     * <p><b>Cancel safety:</b> cancel-safe; closing can be retried.
     */
    public Future<Void> close() {
        return this::pollClose;
    }

    /** The bytes encoded and not yet written. */
    public int bufferedBytes() {
        return buffer.size();
    }

    /** The high-water mark in bytes. */
    public int highWaterMark() {
        return highWaterMark;
    }

    /** The wrapped writer. */
    public AsyncWrite writer() {
        return writer;
    }

    private Poll<Void> pollWriteSome(Context cx) {
        ByteBuffer out = buffer.readable();
        Poll<Integer> p = writer.pollWrite(cx, out);
        if (p.isPending()) return Poll.pending();
        int n = p.value();
        if (n <= 0) {
            throw new UncheckedIOException(new IOException("writer accepted 0 of " + buffer.size()
                    + " buffered frame bytes (write zero)"));
        }
        buffer.consume(n);
        return Poll.ready(null);
    }

    @Override
    public String toString() {
        return "FramedWrite[" + encoder + ", buffered=" + bufferedBytes() + "]";
    }
}

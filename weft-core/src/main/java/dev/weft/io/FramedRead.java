package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The frames decoded from an {@link AsyncRead}: tokio-util's {@code FramedRead}. It reads bytes into a buffer
 * and hands them to a {@link Decoder} until a frame comes out.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=lines}
 *
 * <p>{@link #pollNext} is the stream-style primitive: {@code Ready(Optional.of(frame))}, {@code
 * Ready(Optional.empty())} at the end of the stream, or {@code Pending}. weft-stream adapts it with
 * {@code Streams.fromPoll(framed::pollNext, () -> {})}.
 *
 * <p><b>Bounded memory.</b> The buffer starts at 8 KiB (less when the decoder's
 * {@link Decoder#maxBufferedBytes()} is smaller) and never holds more than {@code maxBufferedBytes()} bytes:
 * reads are shortened to fit, so a peer that sends an endless line or a huge length prefix meets the codec's
 * error, not an {@link OutOfMemoryError}.
 *
 * <p><b>Errors.</b> A read failure ({@link java.io.UncheckedIOException}) or a decoder error
 * ({@link CodecException}) is thrown from the poll that met it; afterwards the stream is over and
 * {@link #pollNext} returns {@code Ready(Optional.empty())} (as Tokio's {@code FramedRead} ends after an error).
 *
 * <p>Owned by one task at a time, like the reader it wraps.
 *
 * @param <T> the frame type
 */
public final class FramedRead<T> {
    /*
     * Implementation notes
     *
     * Single-owner, no synchronisation. The buffer is buf[start, end).
     * I1. end - start <= limit (Decoder.maxBufferedBytes, capped at the largest array) at all times: every read
     *     is shortened to limit - (end - start) bytes.
     * I2. decodable is true when the decoder has not seen the current bytes since they last changed (new bytes,
     *     or a frame was taken); the decoder is not called again on bytes it already declined.
     * I3. state goes READING -> EOF -> DONE, or to DONE on any error; DONE is final.
     */
    static final int INITIAL_CAPACITY = 8 * 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int READING = 0;
    private static final int EOF = 1;
    private static final int DONE = 2;

    private final AsyncRead reader;
    private final Decoder<T> decoder;
    private final int limit;
    private byte[] buf;
    private int start;
    private int end;
    private boolean decodable;
    private int state = READING;

    /**
     * Frames {@code reader} with {@code decoder}.
     *
     * @throws NullPointerException when an argument is null
     */
    public FramedRead(AsyncRead reader, Decoder<T> decoder) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        long max = decoder.maxBufferedBytes();
        if (max < 1) {
            throw new IllegalArgumentException("decoder.maxBufferedBytes(): " + max + " (expected: >= 1)");
        }
        this.limit = (int) Math.min(max, MAX_ARRAY);
        this.buf = new byte[Math.min(INITIAL_CAPACITY, limit)];
    }

    /**
     * Polls for the next frame.
     *
     * @return {@code Ready(Optional.of(frame))}, {@code Ready(Optional.empty())} once the stream has ended, or
     *         {@code Pending} after the reader stored the waker
     * @throws CodecException when the decoder rejects the bytes (the stream is over afterwards)
     * @throws java.io.UncheckedIOException when the reader fails (the stream is over afterwards)
     */
    public Poll<Optional<T>> pollNext(Context cx) {
        try {
            return pollNextInner(cx);
        } catch (RuntimeException | Error e) {
            state = DONE;
            throw e;
        }
    }

    /**
     * A future of the next frame, or empty at the end of the stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: bytes read are kept in the buffer and a frame is removed from it
     * only by the poll that returns it, so the next call sees everything.
     */
    public Future<Optional<T>> next() {
        return this::pollNext;
    }

    /** The bytes read and not yet decoded. */
    public int bufferedBytes() {
        return end - start;
    }

    /** The size of the read buffer currently allocated; never above the decoder's bound (for memory tests). */
    public int bufferCapacity() {
        return buf.length;
    }

    /** The wrapped reader. */
    public AsyncRead reader() {
        return reader;
    }

    /** The decoder. */
    public Decoder<T> decoder() {
        return decoder;
    }

    private Poll<Optional<T>> pollNextInner(Context cx) {
        while (true) {
            if (state == DONE) return Poll.ready(Optional.empty());
            if (state == EOF) {
                ByteBuffer view = ByteBuffer.wrap(buf, start, end - start);
                Optional<T> frame = decoder.decodeEof(view);
                start = view.position();
                if (frame.isPresent()) return Poll.ready(frame);
                state = DONE;
                return Poll.ready(Optional.empty());
            }
            if (decodable && end > start) {
                ByteBuffer view = ByteBuffer.wrap(buf, start, end - start);
                Optional<T> frame = decoder.decode(view);
                start = view.position();
                if (start == end) start = end = 0;
                if (frame.isPresent()) return Poll.ready(frame); // decodable stays true: more may follow
                decodable = false;
            }
            int room = prepareRead();
            if (!cx.consumeBudget()) return Poll.pending();
            Poll<Integer> p = reader.pollRead(cx, ByteBuffer.wrap(buf, end, room));
            if (p.isPending()) return Poll.pending();
            int n = p.value();
            if (n < 0) {
                state = EOF;
            } else {
                end += n;
                decodable = true;
            }
        }
    }

    /** Makes room after {@code end} (compacting or growing within the limit); returns how much to read. */
    private int prepareRead() {
        int live = end - start;
        int allowed = limit - live;
        if (allowed <= 0) {
            throw new IllegalStateException(decoder + " returned no frame and no error with " + live
                    + " bytes buffered, its maxBufferedBytes() bound (a Decoder with a bound must throw)");
        }
        if (buf.length - end < Math.min(allowed, INITIAL_CAPACITY / 2) || buf.length == end) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
                start = 0;
                end = live;
            }
            if (buf.length - end < Math.min(allowed, INITIAL_CAPACITY / 2) && buf.length < limit) {
                int cap = (int) Math.min(limit, Math.max((long) buf.length * 2, live + 1L));
                byte[] grown = new byte[cap];
                System.arraycopy(buf, 0, grown, 0, live);
                buf = grown;
            }
        }
        return Math.min(buf.length - end, allowed);
    }

    @Override
    public String toString() {
        return "FramedRead[" + decoder + ", buffered=" + bufferedBytes() + "]";
    }
}

package dev.weft.http.internal.server;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.Status;
import dev.weft.http.internal.codec.ChunkedDecoder;
import dev.weft.http.internal.codec.HttpParseException;
import dev.weft.http.server.RequestBodyException;
import dev.weft.stream.StreamPoll;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A request body read straight from the connection's socket when, and only when, the handler polls it: the
 * backpressure of a streaming upload is the handler's reading pace.
 */
final class IncomingBody implements Body {
    /*
     * Implementation notes
     *
     * I1. Every method that touches the connection's read buffer or socket is synchronized on this body, and
     *     runs only in phase ACTIVE (pollNext, on the handler's thread) or after detach() (drain, on the
     *     connection's task): Http1Connection I2. detach() is the hand-over: it happens-before the connection's
     *     next use of the buffer.
     * I2. Phases only move forward: ACTIVE -> DONE | FAILED | DETACHED, and DONE/FAILED -> DETACHED on detach()
     *     (keeping `done`/`failure` for the connection to read).
     * I3. Each chunk handed out is a copy (the read buffer is reused), sized by what arrived, so the memory
     *     held for a body is bounded by what the handler keeps.
     * I4. The body read timeout counts from the start of each wait for bytes; any progress disarms it.
     */
    private static final int ACTIVE = 0;
    private static final int DETACHED = 1;

    private final Http1Connection conn;
    private final long declared;
    private final ChunkedDecoder decoder;
    private final boolean expectContinue;
    private final Duration readTimeout;
    private long remaining;
    private int phase = ACTIVE;
    private boolean done;
    private RequestBodyException failure;
    private boolean continueAsked;
    private Sleep timer;
    private boolean timerArmed;
    private long drained;

    IncomingBody(Http1Connection conn, long declared, boolean expectContinue, Duration readTimeout) {
        this.conn = conn;
        this.declared = declared;
        this.remaining = declared;
        this.decoder = declared < 0 ? new ChunkedDecoder(conn.server().config.parseLimits()) : null;
        this.expectContinue = expectContinue;
        this.readTimeout = readTimeout;
    }

    @Override
    public long contentLength() {
        return declared;
    }

    @Override
    public synchronized StreamPoll<ByteBuffer> pollNext(Context cx) {
        if (failure != null) throw failure;
        if (done) return StreamPoll.end();
        if (phase == DETACHED) {
            throw new IllegalStateException("request body read after its response was sent (expected: read the "
                    + "body before completing the response)");
        }
        if (expectContinue && !continueAsked) {
            continueAsked = true;
            conn.requestContinue();
        }
        for (;;) {
            ByteBuffer piece = next(conn.rbuf);
            if (piece == ChunkedDecoder.END) return StreamPoll.end();
            if (piece != null) {
                timerArmed = false; // I4
                ByteBuffer copy = ByteBuffer.allocate(piece.remaining());
                copy.put(piece).flip();
                return StreamPoll.item(copy);
            }
            Poll<Integer> r;
            try {
                r = conn.readMore(cx, false);
            } catch (UncheckedIOException e) {
                throw fail(Status.BAD_REQUEST, "connection failed while reading the request body");
            }
            if (r.isReady()) {
                int n = r.value();
                if (n < 0) throw fail(Status.BAD_REQUEST, "connection closed before the end of the request body");
                timerArmed = false;
                continue;
            }
            if (!timerArmed) {
                if (timer == null) timer = Time.sleep(readTimeout);
                else timer.reset(Time.now(cx).plus(readTimeout));
                timerArmed = true;
            }
            if (timer.poll(cx).isReady()) throw fail(Status.REQUEST_TIMEOUT, "request body read timed out");
            return StreamPoll.pending();
        }
    }

    /** The next piece of body data in {@code in} (a slice), END, or null when {@code in} is used up. */
    private ByteBuffer next(ByteBuffer in) {
        if (decoder == null) {
            if (remaining == 0) {
                done = true;
                return ChunkedDecoder.END;
            }
            if (!in.hasRemaining()) return null;
            int n = (int) Math.min(remaining, in.remaining());
            ByteBuffer slice = in.slice(in.position(), n);
            in.position(in.position() + n);
            remaining -= n;
            return slice;
        }
        ByteBuffer piece;
        try {
            piece = decoder.decode(in);
        } catch (HttpParseException e) {
            throw fail(e.status(), e.getMessage());
        }
        if (piece == ChunkedDecoder.END) done = true;
        return piece;
    }

    private RequestBodyException fail(Status status, String message) {
        failure = new RequestBodyException(status, message);
        return failure;
    }

    @Override
    public synchronized void cancel() {
        if (timer != null) timer.cancel();
        timerArmed = false;
    }

    /** The failure that ended reading, or null. */
    synchronized RequestBodyException failure() {
        return failure;
    }

    /** Whether the whole body was read. */
    synchronized boolean isDone() {
        return done;
    }

    /** Hands the socket back to the connection (I1); returns whether the body was read to its end. */
    synchronized boolean detach() {
        phase = DETACHED;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerArmed = false;
        return done;
    }

    /** Whether the unread rest can be drained within {@code max} bytes (chunked: try, within the budget). */
    synchronized boolean canDrain(long max) {
        if (failure != null) return false;
        return decoder != null || remaining <= max;
    }

    /** On the connection's task after detach(): reads and drops the rest; Ready(false) when over budget. */
    synchronized Poll<Boolean> drain(Context cx, long max) {
        for (;;) {
            ByteBuffer piece;
            try {
                piece = next(conn.rbuf);
            } catch (RequestBodyException e) {
                return Poll.ready(false);
            }
            if (piece == ChunkedDecoder.END) return Poll.ready(true);
            if (piece != null) {
                drained += piece.remaining();
                if (drained > max) return Poll.ready(false);
                continue;
            }
            Poll<Integer> r = conn.readMore(cx, false);
            if (r.isPending()) {
                if (timer == null) timer = Time.sleep(readTimeout);
                if (timer.poll(cx).isReady()) return Poll.ready(false);
                return Poll.pending();
            }
            if (r.value() < 0) return Poll.ready(false);
        }
    }

    @Override
    public String toString() {
        return "IncomingBody[" + (declared < 0 ? "chunked" : declared + " bytes") + "]";
    }
}

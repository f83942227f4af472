package dev.weft.http.internal.client;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.client.ConnectionClosedException;
import dev.weft.http.client.InvalidResponseException;
import dev.weft.http.internal.codec.BodyFraming;
import dev.weft.http.internal.codec.ChunkedDecoder;
import dev.weft.http.internal.codec.HttpParseException;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.stream.StreamPoll;
import dev.weft.time.Time;
import java.nio.ByteBuffer;

/**
 * A response body read from its connection as the consumer polls (backpressure: nothing is read ahead), framed
 * by Content-Length, the chunked coding or the end of the connection. When the body ends the connection goes
 * back to the pool (if it may be reused); when the body is cancelled first, or fails, the connection is closed.
 */
final class ResponseBody implements Body {
    /*
     * Implementation notes
     *
     * I1. `conn` is non-null exactly while this body owns the connection; finish(), fail() and cancel() give it
     *     up (to the pool or closed) and null it, so it is given up once. A connection is returned to the pool
     *     only after the whole body was read and no unexpected byte follows it: never half-read.
     * I2. Chunks handed out are fresh buffers the consumer owns (Body's contract): bytes already in the
     *     connection's read buffer are copied out; otherwise a whole fresh buffer (`spare`, kept across Pending
     *     polls so a pending read allocates nothing) is read into directly and handed over.
     */
    private static final int CHUNK = 16 * 1024;

    private Connection conn;
    private final Pool.Host host;
    private final BodyFraming framing;
    private final long length;
    private long remaining;
    private final ChunkedDecoder chunked;
    private final boolean reusable;
    private ByteBuffer spare;

    ResponseBody(Connection conn, Pool.Host host, BodyFraming framing, long contentLength, boolean reusable,
            ParseLimits limits) {
        this.conn = conn;
        this.host = host;
        this.framing = framing;
        this.length = framing == BodyFraming.LENGTH ? contentLength : -1;
        this.remaining = contentLength;
        this.chunked = framing == BodyFraming.CHUNKED ? new ChunkedDecoder(limits) : null;
        this.reusable = reusable;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public StreamPoll<ByteBuffer> pollNext(Context cx) {
        Connection c = conn;
        if (c == null) return StreamPoll.end();
        try {
            return switch (framing) {
                case LENGTH -> pollLength(cx, c);
                case CHUNKED -> pollChunked(cx, c);
                case UNTIL_CLOSE -> pollUntilClose(cx, c);
                case NONE -> finish(cx, c);
            };
        } catch (HttpParseException e) {
            fail();
            throw new InvalidResponseException(c.origin.key(), e.getMessage());
        } catch (RuntimeException e) {
            fail();
            throw e;
        }
    }

    private StreamPoll<ByteBuffer> pollLength(Context cx, Connection c) {
        if (remaining == 0) return finish(cx, c);
        ByteBuffer rb = c.readBuf;
        if (rb.hasRemaining()) {
            int n = (int) Math.min(remaining, rb.remaining());
            ByteBuffer out = copy(rb, n);
            remaining -= n;
            if (remaining == 0) finishQuietly(cx, c); // the connection is free before the consumer sees End
            return StreamPoll.item(out);
        }
        ByteBuffer dst = spare(remaining);
        Poll<Integer> p = c.in.pollRead(cx, dst);
        if (p.isPending()) return StreamPoll.pending();
        int n = p.value();
        if (n < 0) {
            throw new ConnectionClosedException("server " + c.origin.key() + " closed the connection after "
                    + (length - remaining) + " of " + length + " body bytes");
        }
        remaining -= n;
        spare = null;
        if (remaining == 0) finishQuietly(cx, c);
        return StreamPoll.item(dst.flip());
    }

    private StreamPoll<ByteBuffer> pollChunked(Context cx, Connection c) {
        for (;;) {
            ByteBuffer piece = chunked.decode(c.readBuf);
            if (piece == ChunkedDecoder.END) return finish(cx, c);
            if (piece != null) return StreamPoll.item(copy(piece, piece.remaining()));
            c.readBuf.compact();
            Poll<Integer> p;
            try {
                p = c.in.pollRead(cx, c.readBuf);
            } finally {
                c.readBuf.flip();
            }
            if (p.isPending()) return StreamPoll.pending();
            if (p.value() < 0) {
                throw new ConnectionClosedException("server " + c.origin.key() + " closed the connection inside a "
                        + "chunked body, after " + chunked.decodedBytes() + " data bytes");
            }
        }
    }

    private StreamPoll<ByteBuffer> pollUntilClose(Context cx, Connection c) {
        ByteBuffer rb = c.readBuf;
        if (rb.hasRemaining()) return StreamPoll.item(copy(rb, rb.remaining()));
        ByteBuffer dst = spare(CHUNK);
        Poll<Integer> p = c.in.pollRead(cx, dst);
        if (p.isPending()) return StreamPoll.pending();
        if (p.value() < 0) return finish(cx, c); // the end of the connection is the end of the body
        spare = null;
        return StreamPoll.item(dst.flip());
    }

    private ByteBuffer spare(long want) {
        ByteBuffer s = spare;
        if (s == null) spare = s = ByteBuffer.allocate((int) Math.min(CHUNK, want));
        return s;
    }

    private static ByteBuffer copy(ByteBuffer from, int n) {
        ByteBuffer out = ByteBuffer.allocate(n);
        out.put(0, from, from.position(), n);
        from.position(from.position() + n);
        return out;
    }

    private StreamPoll<ByteBuffer> finish(Context cx, Connection c) {
        finishQuietly(cx, c);
        return StreamPoll.end();
    }

    /** I1: the body is complete: the connection goes back to the pool, or is closed. */
    private void finishQuietly(Context cx, Connection c) {
        conn = null;
        spare = null;
        if (reusable && !c.readBuf.hasRemaining() && framing != BodyFraming.UNTIL_CLOSE) {
            host.release(c, Time.now(cx).nanos());
        } else {
            host.discard(c);
        }
    }

    private void fail() {
        Connection c = conn;
        conn = null;
        spare = null;
        if (c != null) host.discard(c);
    }

    /** Closes the connection unless the body was read to its end (I1). */
    @Override
    public void cancel() {
        fail();
    }

    @Override
    public String toString() {
        return "ResponseBody[" + framing + (length >= 0 ? ", " + length + " bytes" : "") + "]";
    }
}

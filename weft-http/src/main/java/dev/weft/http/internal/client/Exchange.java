package dev.weft.http.internal.client;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.client.ConnectionClosedException;
import dev.weft.http.client.HttpTimeoutException;
import dev.weft.http.client.InvalidResponseException;
import dev.weft.http.internal.codec.BodyFraming;
import dev.weft.http.internal.codec.ChunkedEncoder;
import dev.weft.http.internal.codec.HttpParseException;
import dev.weft.http.internal.codec.OutBuffer;
import dev.weft.http.internal.codec.ResponseHead;
import dev.weft.stream.StreamPoll;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * One request/response exchange of the client: checks a connection out of the pool (or connects), writes the
 * request head and body, reads the response head, and completes with a {@link Response} whose body streams from
 * the connection.
 */
public final class Exchange implements Future<Response> {
    /*
     * Implementation notes
     *
     * I1. `conn` is non-null exactly while this exchange owns a connection (from checkout until the response is
     *     handed out with its body, or until failure/cancel). Every exit path gives it up once: to the
     *     ResponseBody, to the pool (a response without body), or closed with its slot released (discard). A
     *     connection is never returned to the pool while any byte of this exchange is unwritten or unread.
     * I2. Writing and reading are polled together after the head is encoded: a server may answer (413, 401...)
     *     before the request body is sent. A final response that arrives first stops the writing; the
     *     connection is then not reused (its request framing is incomplete) and the request body is cancelled.
     * I3. A reused pooled connection that ends or fails before any response byte arrived is retried once on a
     *     new connection when the request can be replayed (its body is in memory): the server may close an
     *     idle connection at the moment we send on it (RFC 9112 §9.3.1 lets clients retry idempotent requests
     *     automatically; we retry only requests it could not have seen, so any method).
     * I4. Timers: the request timer starts at the first poll and bounds everything up to the response head;
     *     the connect timer bounds each connect (TCP + TLS). Both are cancelled on every exit.
     */
    private static final byte[] CRLF = {'\r', '\n'};

    private static final int W_HEAD = 0;
    private static final int W_STREAM = 1;
    private static final int W_FLUSH = 2;
    private static final int W_DONE = 3;

    private final ClientSettings settings;
    private final Pool.Host host;
    private final Request request;
    private final String originForm;
    private final Body body;
    private final boolean chunkedBody;
    private final long declaredLength;
    private Sleep requestTimer;
    private Sleep connectTimer;
    private Pool.Waiter waiter;
    private Future<Connection> connecting;
    private Connection conn;
    private boolean reused;
    private boolean retried;
    private boolean done;

    // write side
    private int wstate;
    private final ByteBuffer[] gather = new ByteBuffer[3];
    private int gatherLen;
    private long bodyWritten;
    private boolean bodyTouched;
    private ByteBuffer chunkHead;

    // read side
    private boolean responseBytes;

    /**
     * @param originForm the request-target to send ({@code /path?query})
     */
    public Exchange(ClientSettings settings, Pool.Host host, Request request, String originForm) {
        this.settings = settings;
        this.host = host;
        this.request = request;
        this.originForm = originForm;
        this.body = request.body();
        long len = body.contentLength();
        this.declaredLength = len;
        this.chunkedBody = len < 0;
        if (settings.requestTimeout() != null) requestTimer = Time.sleep(settings.requestTimeout());
    }

    @Override
    public Poll<Response> poll(Context cx) {
        if (done) throw new IllegalStateException("exchange polled after completion");
        try {
            if (requestTimer != null && requestTimer.poll(cx).isReady()) {
                requestTimer = null;
                throw new HttpTimeoutException(HttpTimeoutException.Phase.REQUEST, settings.requestTimeout(),
                        host.origin().key());
            }
            for (;;) {
                if (conn == null) {
                    Poll<Connection> p = checkout(cx);
                    if (p.isPending()) return Poll.pending();
                    conn = p.value();
                    conn.requests++;
                    encodeHead();
                }
                try {
                    if (wstate != W_DONE) pollWrite(cx);
                    Poll<Response> r = pollHead(cx);
                    if (r.isReady()) {
                        done = true;
                        cancelTimers();
                    }
                    return r;
                } catch (UncheckedIOException | ConnectionClosedException e) {
                    if (!reused || responseBytes || retried || !(body instanceof Body.Full)) throw e;
                    retried = true; // I3: the pooled connection was dead; replay on a new one
                    host.discard(conn);
                    conn = null;
                    wstate = W_HEAD;
                    bodyWritten = 0;
                }
            }
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    private Poll<Connection> checkout(Context cx) {
        for (;;) {
            if (connecting != null) {
                if (connectTimer == null) connectTimer = Time.sleep(settings.connectTimeout());
                Poll<Connection> p;
                try {
                    p = connecting.poll(cx);
                } catch (RuntimeException e) {
                    connecting = null;
                    host.releaseSlot(); // Pool I2
                    throw e;
                }
                if (p.isReady()) {
                    connecting = null;
                    connectTimer.cancel();
                    connectTimer = null;
                    reused = false;
                    host.pool().countOpened();
                    return p;
                }
                if (connectTimer.poll(cx).isReady()) {
                    connectTimer = null;
                    connecting.cancel();
                    connecting = null;
                    host.releaseSlot();
                    throw new HttpTimeoutException(HttpTimeoutException.Phase.CONNECT, settings.connectTimeout(),
                            host.origin().key());
                }
                return Poll.pending();
            }
            Object r = host.acquire(waiter, cx.waker(), Time.now(cx).nanos());
            if (r == Pool.NEW) {
                waiter = null;
                connecting = new Connect(host.origin(), settings);
                continue;
            }
            if (r instanceof Pool.Waiter w) {
                waiter = w;
                return Poll.pending();
            }
            waiter = null;
            Connection c = (Connection) r;
            if (!probe(cx, c)) {
                host.discard(c);
                continue;
            }
            reused = true;
            return Poll.ready(c);
        }
    }

    /** Whether an idle connection still looks usable: no byte and no end of stream waiting on it. */
    private static boolean probe(Context cx, Connection c) {
        if (c.readBuf.hasRemaining()) return false;
        c.readBuf.clear();
        try {
            Poll<Integer> p = c.in.pollRead(cx, c.readBuf);
            return p.isPending();
        } catch (RuntimeException e) {
            return false;
        } finally {
            c.readBuf.flip();
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    private void encodeHead() {
        OutBuffer out = conn.head;
        out.clear();
        out.putLatin1(request.method().name()).put(' ').putLatin1(originForm).put(' ')
                .putLatin1(request.version().text()).crlf();
        Headers h = request.headers();
        if (!h.contains("Host")) out.putLatin1("Host: ").putLatin1(host.origin().hostHeader()).crlf();
        Headers defaults = settings.defaultHeaders();
        for (int i = 0, n = defaults.size(); i < n; i++) {
            if (!h.contains(defaults.name(i))) {
                out.putLatin1(defaults.name(i)).put(':').put(' ').putLatin1(defaults.value(i)).crlf();
            }
        }
        for (int i = 0, n = h.size(); i < n; i++) {
            String name = h.name(i);
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) continue;
            out.putLatin1(name).put(':').put(' ').putLatin1(h.value(i)).crlf();
        }
        if (chunkedBody) {
            out.putLatin1("Transfer-Encoding: chunked").crlf();
        } else if (declaredLength > 0 || declaredLength == 0 && sendsZeroLength(request.method())) {
            out.putLatin1("Content-Length: ").putDecimal(declaredLength).crlf();
        }
        out.crlf();
        gather[0] = out.buffer();
        gatherLen = 1;
        if (body instanceof Body.Full full && declaredLength > 0) {
            gather[1] = full.data(); // head and body in one gathering write
            gatherLen = 2;
        }
        wstate = W_HEAD;
    }

    /** RFC 9110 §8.6: a user agent sends Content-Length: 0 for an empty body when the method gives it meaning. */
    private static boolean sendsZeroLength(Method m) {
        return m.equals(Method.POST) || m.equals(Method.PUT) || m.equals(Method.PATCH);
    }

    private void pollWrite(Context cx) {
        for (;;) {
            switch (wstate) {
                case W_HEAD -> {
                    if (!writeGather(cx)) return;
                    wstate = body instanceof Body.Full || declaredLength == 0 ? W_FLUSH : W_STREAM;
                }
                case W_STREAM -> {
                    if (gatherLen > 0 && !writeGather(cx)) return;
                    bodyTouched = true;
                    StreamPoll<ByteBuffer> p = body.pollNext(cx);
                    if (p instanceof StreamPoll.Item<ByteBuffer>(ByteBuffer chunk)) {
                        if (!chunk.hasRemaining()) continue;
                        bodyWritten += chunk.remaining();
                        if (!chunkedBody && bodyWritten > declaredLength) {
                            throw new IllegalStateException("request body: the stream yielded more than its "
                                    + "declared " + declaredLength + " bytes");
                        }
                        if (chunkedBody) {
                            OutBuffer framing = conn.head; // the head was written: reuse its buffer
                            framing.clear();
                            ChunkedEncoder.chunkHeader(framing, chunk.remaining());
                            gather[0] = framing.buffer();
                            gather[1] = chunk;
                            gather[2] = ByteBuffer.wrap(CRLF);
                            gatherLen = 3;
                        } else {
                            gather[0] = chunk;
                            gatherLen = 1;
                        }
                    } else if (p instanceof StreamPoll.End) {
                        if (!chunkedBody && bodyWritten != declaredLength) {
                            throw new IllegalStateException("request body: the stream ended after " + bodyWritten
                                    + " bytes (expected: its declared " + declaredLength + ")");
                        }
                        if (chunkedBody) {
                            OutBuffer last = conn.head;
                            last.clear();
                            ChunkedEncoder.last(last);
                            gather[0] = last.buffer();
                            gatherLen = 1;
                        }
                        wstate = W_FLUSH;
                    } else {
                        return; // the body stream registered the waker
                    }
                }
                case W_FLUSH -> {
                    if (gatherLen > 0 && !writeGather(cx)) return;
                    if (conn.out.pollFlush(cx).isPending()) return;
                    wstate = W_DONE;
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Writes the gathered buffers; true once all are written (then gatherLen is 0). */
    private boolean writeGather(Context cx) {
        for (;;) {
            int first = 0;
            while (first < gatherLen && !gather[first].hasRemaining()) first++;
            if (first == gatherLen) {
                for (int i = 0; i < gatherLen; i++) gather[i] = null;
                gatherLen = 0;
                return true;
            }
            Poll<Long> p = conn.out.pollWriteVectored(cx, gather, first, gatherLen - first);
            if (p.isPending()) return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private Poll<Response> pollHead(Context cx) {
        Connection c = conn;
        for (;;) {
            ResponseHead h;
            try {
                h = c.parser.parseResponse(c.readBuf, request.method());
            } catch (HttpParseException e) {
                throw new InvalidResponseException(host.origin().key(), e.getMessage());
            }
            if (h != null) {
                int code = h.status().code();
                if (code == 101) {
                    throw new InvalidResponseException(host.origin().key(),
                            "101 Switching Protocols, but this client does not upgrade connections");
                }
                if (code < 200) continue; // 100 Continue, 103 Early Hints: interim (RFC 9110 §15.2)
                return Poll.ready(respond(cx, h));
            }
            if (!c.makeRoom()) {
                throw new InvalidResponseException(host.origin().key(), "response head over "
                        + c.parser.limits().maxHeadBytes() + " bytes");
            }
            c.readBuf.compact();
            Poll<Integer> p;
            try {
                p = c.in.pollRead(cx, c.readBuf);
            } finally {
                c.readBuf.flip();
            }
            if (p.isPending()) return Poll.pending();
            if (p.value() < 0) {
                throw new ConnectionClosedException("server " + host.origin().key() + " closed the connection "
                        + (responseBytes ? "inside the response head" : "before sending a response"));
            }
            responseBytes = true;
        }
    }

    private Response respond(Context cx, ResponseHead h) {
        Connection c = conn;
        conn = null; // I1: handed to the body or the pool below
        boolean requestComplete = wstate == W_DONE;
        if (!requestComplete && bodyTouched) body.cancel(); // I2
        boolean reusable = requestComplete && h.keepAlive()
                && !request.headers().containsToken("Connection", "close");
        Body responseBody;
        if (h.framing() == BodyFraming.NONE) {
            if (reusable && !c.readBuf.hasRemaining()) {
                host.release(c, Time.now(cx).nanos());
            } else {
                host.discard(c);
            }
            responseBody = Body.empty();
        } else {
            responseBody = new ResponseBody(c, host, h.framing(), h.contentLength(), reusable, settings.limits());
        }
        return new Response(h.status(), h.headers(), responseBody);
    }

    // ------------------------------------------------------------------------------------------------ exits

    private void cancelTimers() {
        if (requestTimer != null) {
            requestTimer.cancel();
            requestTimer = null;
        }
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
    }

    /** Failure or cancellation: gives up whatever this exchange holds (I1, I4). */
    private void abandon() {
        done = true;
        cancelTimers();
        if (waiter != null) {
            host.cancel(waiter);
            waiter = null;
        }
        if (connecting != null) {
            connecting.cancel();
            connecting = null;
            host.releaseSlot();
        }
        if (conn != null) {
            host.discard(conn);
            conn = null;
        }
        if (bodyTouched && wstate != W_DONE) body.cancel();
    }

    /** Cancel safety: closes the connection if one was in use (never returned to the pool half-used). */
    @Override
    public void cancel() {
        if (!done) abandon();
    }
}

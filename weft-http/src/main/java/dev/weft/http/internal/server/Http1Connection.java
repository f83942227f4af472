package dev.weft.http.internal.server;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.Version;
import dev.weft.http.internal.codec.BodyFraming;
import dev.weft.http.internal.codec.ChunkedEncoder;
import dev.weft.http.internal.codec.DateCache;
import dev.weft.http.internal.codec.HeadParser;
import dev.weft.http.internal.codec.HeadWriter;
import dev.weft.http.internal.codec.HttpParseException;
import dev.weft.http.internal.codec.OutBuffer;
import dev.weft.http.internal.codec.RequestHead;
import dev.weft.http.server.RequestBodyException;
import dev.weft.stream.StreamPoll;
import dev.weft.task.JoinHandle;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.time.Duration;

/**
 * One HTTP/1.1 server connection: a poll-based state machine that is the whole task serving a socket (no
 * thread, no task per request unless the service makes one).
 *
 * <pre>
 *  READ_HEAD ──head──▶ CALL ──response──▶ RESPOND ──streamed body──▶ WRITE_BODY
 *     ▲  │ parse error / 408            (pollReady, call)     │ full body            │
 *     │  ▼                                                    ▼                      ▼
 *     │ CLOSE_FLUSH ◀──────── not keep-alive ─────────── FINISH ◀───────────────────┘
 *     │    │ shutdown(FIN)                                    │ unread request body
 *     │    ▼                                                  ▼
 *     │  LINGER ──EOF / limit / timer──▶ DONE             DRAIN ──done──▶ READ_HEAD
 *     └──────────────── keep-alive ───────────────────────────┘
 * </pre>
 */
public final class Http1Connection implements Future<Void> {
    /*
     * Implementation notes
     *
     * Shape: hyper's h1 dispatcher as one poll-based future. Requests are answered one at a time in arrival order
     * (responses in order by construction); safe pipelined requests may be called ahead of their turn (I13).
     * Pipelined requests already in the read buffer are parsed as soon as the previous response has been
     * serialized, and responses accumulate in `out`; the socket is written when no further complete request is
     * buffered, when `out` passes FLUSH_AT, or before the task would wait (after one yield, I12). So a 16-deep
     * pipeline of ready responses leaves in one write.
     *
     * I1. One exchange answered at a time: `head`, `request`, `body`, `call`, `response` describe the current
     *     request; they are set in READ_HEAD (from the socket or from `pipelined`, I13) and cleared in FINISH.
     *     Parse-ahead is bounded by the read buffer: while a call is pending the connection reads ahead only
     *     into the buffer's free space and never grows it.
     * I2. Read ownership: while `body` is ACTIVE, the request body stream (polled by the handler, possibly on
     *     another thread) is the only reader of the socket and of `rbuf`; the connection touches neither until
     *     IncomingBody.detach() returns (both sides synchronize on the body). This is what lets an async-block
     *     handler stream a huge upload straight from the socket with backpressure.
     * I3. `rbuf` is kept in read mode: [position, limit) are the unconsumed bytes. readMore() compacts, reads
     *     and flips, so offsets relative to the position (HeadParser I1) survive.
     * I4. Service readiness: call() only after pollReady() returned Ready; `readyReserved` is true exactly
     *     between the two, and cancel() gives the reservation back with releaseReady().
     * I5. Nothing the peer or the handler does throws out of poll(): parse errors become 4xx/5xx responses, a
     *     handler failure a 500 (keep-alive kept), an I/O error or a broken response stream closes the socket.
     * I6. end() runs exactly once (guarded by `ended`), from poll() reaching DONE or from cancel(): it closes the
     *     socket, cancels what is in flight and tells the ServerContext (its I1).
     * I7. Timers: one Sleep, for the one deadline that matters in the current wait: HEADER (from the first byte
     *     of a head, or from accept), IDLE (from the end of the last response; TRIM before it on TLS, I11), WRITE
     *     (from the last write progress), LINGER. The sleep is re-armed lazily: a wait whose deadline is LATER
     *     than the armed one keeps it, and when it fires early timerFired() re-arms it for the real deadline and
     *     reports nothing; only an earlier deadline re-arms at once. A keep-alive connection thus touches the
     *     timer wheel (a lock) about once per idle timeout instead of once per request, as Netty's idle handler
     *     does. timerFired() answers true only once the deadline asked for has passed. Deadlines come from the
     *     runtime clock, so the paused clock drives them in tests.
     * I8. Closing is graceful except on abort or I/O failure: every other way out goes through CLOSE_FLUSH
     *     (flush, FIN) and LINGER (read and drop for at most LINGER_TIME / LINGER_MAX_BYTES), so a response sent
     *     just before the close is not destroyed by a reset when the client's next bytes arrive.
     * I9. Drain accounting: `drainSeen`/`idleAtDrain` record, once, whether the connection was idle when it first
     *     observed the drain (at a poll's start, or in READ_HEAD when the drain flag flips mid-poll); end() counts
     *     it as idle-closed, drained or cut accordingly (ServerContext counters, DrainReport).
     * I10. Transport: `io` is plain TCP or TLS (Transport, chosen once at accept). A TLS write may keep its last
     *     record in the stream, so flush() ends with io.pollFlush() and, while that waits, `transportUnflushed`
     *     keeps flush() from reporting done; closing uses io.pollShutdown() (close_notify, then FIN). The TLS
     *     handshake is driven by the first read, inside READ_HEAD while the connection is `fresh`, so the HEADER
     *     deadline (from accept) bounds it; a handshake failure is an I/O error (I5: the socket is closed).
     * I11. Idle memory: when READ_HEAD waits with nothing buffered and no head begun (IDLE, not HEADER), the
     *     empty `rbuf` (replaced by the zero-capacity NO_BUFFER) and `out`'s array go to the thread's
     *     IdleBuffers at once; readMore() takes them back before its next read. Only READ_HEAD releases and no
     *     IncomingBody is ACTIVE there (I2), so the body never sees NO_BUFFER; its first read takes a buffer.
     *     A TLS stream's own buffers (about 50 KiB, costly to reallocate per request) are trimmed only once the
     *     connection has been idle for TRANSPORT_TRIM_AFTER: a T_TRIM deadline, then the IDLE one (I7).
     * I12. Write batching while a call is pending: responses already serialized in `out` are written only after
     *     the connection has yielded once for the current call (one self-wake, `flushDeferred`), so a handler
     *     that finishes within a scheduling round (an async block on another carrier) adds its response to the
     *     same write instead of costing one write per response. A 100-continue is written at once.
     * I13. Pipelined calls (ServerConfig.pipelineDepth): while the current call is pending and it is safe,
     *     bodiless and keeps the connection, complete heads already buffered are parsed into `pipelined`, in
     *     order; each one that is itself safe, bodiless, keep-alive and without Expect is called at once (after
     *     pollReady, I4) and polled once, so its handler runs beside the current one. The first head that does
     *     not qualify, or whose service is not ready, is queued uncalled and ends the run; a parse error is kept
     *     in `pipelinedError` and answered after the queue. So: at most pipelineDepth requests in flight; no
     *     request body is ever read ahead of its turn (I2 holds: only a bodiless head is ever called early, and
     *     a head with a body stops the parse, its bytes left in `rbuf`); responses leave in request order
     *     (READ_HEAD takes `pipelined` first). A drain answers every request in `pipelined` (called or not:
     *     each was parsed before the drain stopped the parse-ahead); the response that empties it carries the
     *     close. end() cancels every queued call.
     */
    private static final int READ_HEAD = 0;
    private static final int CALL = 1;
    private static final int RESPOND = 2;
    private static final int WRITE_BODY = 3;
    private static final int FINISH = 4;
    private static final int DRAIN = 5;
    private static final int CLOSE_FLUSH = 6;
    private static final int LINGER = 7;
    private static final int DONE = 8;

    private static final int T_NONE = 0;
    private static final int T_HEADER = 1;
    private static final int T_IDLE = 2;
    private static final int T_WRITE = 3;
    private static final int T_LINGER = 4;
    private static final int T_TRIM = 5;

    private static final int INITIAL_READ_BUFFER = IdleBuffers.READ_SIZE;
    /** How long a TLS connection must be idle before its stream's buffers (about 50 KiB) are dropped (I11). */
    static final Duration TRANSPORT_TRIM_AFTER = Duration.ofSeconds(1);
    private static final int INLINE_BODY_MAX = 8192;
    private static final int FLUSH_AT = 32 * 1024;
    private static final long LINGER_MAX_BYTES = 256 * 1024;
    private static final Duration LINGER_TIME = Duration.ofSeconds(2);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final ByteBuffer NO_BUFFER = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final ByteBuffer CRLF = ByteBuffer.wrap(new byte[] {'\r', '\n'}).asReadOnlyBuffer();

    private final ServerContext server;
    private final Transport io;
    private final InetSocketAddress peer;
    private final boolean overCapacity;
    private final HeadParser parser;
    final int maxReadBuffer;
    ByteBuffer rbuf = IdleBuffers.local().takeRead();
    private final OutBuffer out = new OutBuffer(IdleBuffers.OUT_SIZE);
    private final ByteBuffer[] gather = new ByteBuffer[3];
    private ByteBuffer pendingBody;
    private ByteBuffer pendingTail;
    private boolean transportUnflushed;
    private final boolean trimTransport;
    private boolean transportTrimmed;

    private int state = READ_HEAD;
    private RequestHead head;
    private IncomingBody body;
    private Future<Response> call;
    private boolean readyReserved;
    private Response response;
    private Body responseBody;
    private boolean chunkedOut;
    private long responseRemaining;
    private boolean keepAlive;
    private boolean closeAfter;
    private boolean peerEof;
    private boolean fresh = true;
    private boolean continueSent;
    /** I12: the current call has had its one yield before the responses buffered ahead of it are written. */
    private boolean flushDeferred;
    volatile boolean continueRequested;
    private long lingered;

    private Sleep timer;
    private int timerKind = T_NONE;
    private MonotonicInstant timerDeadline;
    /** The deadline `timer` is armed for: at or before timerDeadline (I7). */
    private MonotonicInstant armedDeadline;
    private MonotonicInstant headStart;
    private MonotonicInstant idleSince;
    private MonotonicInstant writeStalledSince;

    private volatile Waker waker;
    private volatile JoinHandle<Void> handle;
    private volatile boolean abortRequested;
    private boolean drainSeen;
    private boolean idleAtDrain;
    private boolean ended;

    /**
     * A connection over {@code io} (plain TCP or TLS) for {@code server}; {@code overCapacity} answers 503 and
     * closes.
     */
    Http1Connection(ServerContext server, Transport io, boolean overCapacity) {
        this.server = server;
        this.io = io;
        this.overCapacity = overCapacity;
        this.trimTransport = io instanceof Transport.Tls;
        this.parser = new HeadParser(server.config.parseLimits());
        this.maxReadBuffer = server.config.parseLimits().maxHeadBytes() + 1024;
        InetSocketAddress p;
        try {
            p = io.peerAddress();
        } catch (RuntimeException e) {
            p = null;
        }
        this.peer = p;
    }

    /** Records the task running this connection, for {@link #abort()}. */
    public void setHandle(JoinHandle<Void> h) {
        handle = h;
        if (abortRequested) h.abort();
    }

    void wakeForDrain() {
        Waker w = waker;
        if (w != null) w.wake();
    }

    void abort() {
        abortRequested = true;
        JoinHandle<Void> h = handle;
        if (h != null) h.abort();
        else wakeForDrain();
    }

    void requestContinue() {
        continueRequested = true;
        Waker w = waker;
        if (w != null) w.wake();
    }

    ServerContext server() {
        return server;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        Waker w = cx.waker();
        if (waker != w) waker = w; // a task's waker is the same at every poll: no volatile store per request
        if (ended) return Poll.ready(null);
        try {
            if (abortRequested) {
                end(true);
                return Poll.ready(null);
            }
            if (overCapacity && fresh) {
                fresh = false;
                errorResponse(Status.SERVICE_UNAVAILABLE, "the server is at its connection limit");
            }
            if (!drainSeen && server.draining) {
                drainSeen = true;
                idleAtDrain = state == READ_HEAD && !parser.inProgress() && !rbuf.hasRemaining();
            }
            for (;;) {
                Poll<Void> step = switch (state) {
                    case READ_HEAD -> readHead(cx);
                    case CALL -> call(cx);
                    case RESPOND -> respond();
                    case WRITE_BODY -> writeBody(cx);
                    case FINISH -> finish();
                    case DRAIN -> drain(cx);
                    case CLOSE_FLUSH -> closeFlush(cx);
                    case LINGER -> linger(cx);
                    default -> Poll.ready(null);
                };
                if (step == null) continue; // state changed: run the next state
                if (step.isPending()) return step;
                end(false);
                return Poll.ready(null);
            }
        } catch (Throwable e) { // I5: I/O errors and anything unexpected close this connection only
            rethrowIfFatal(e);
            end(false);
            return Poll.ready(null);
        }
    }

    // ---------------------------------------------------------------- states

    private Poll<Void> readHead(Context cx) {
        if (pipelined != null && !pipelined.isEmpty()) { // I13: requests parsed ahead come first
            resumePipelined(pipelined.poll());
            return null;
        }
        if (pipelinedError != null) {
            HttpParseException e = pipelinedError;
            pipelinedError = null;
            errorResponse(e.status(), e.getMessage());
            return null;
        }
        for (;;) {
            RequestHead h;
            try {
                h = parser.parseRequest(rbuf);
            } catch (HttpParseException e) {
                errorResponse(e.status(), e.getMessage());
                return null;
            }
            if (h != null) {
                startExchange(h);
                return null;
            }
            // Everything buffered is served: flush the batch of responses before waiting for bytes.
            if (!flush(cx)) return Poll.pending();
            boolean partial = parser.inProgress() || rbuf.hasRemaining();
            if (!partial && (server.draining || peerEof)) {
                if (!peerEof && !drainSeen) { // the drain began during this poll: this connection was idle
                    drainSeen = true;
                    idleAtDrain = true;
                }
                state = peerEof ? DONE : CLOSE_FLUSH; // draining: FIN, then linger, so a racing request sees EOF
                return null;
            }
            if (peerEof) { // the peer closed mid-head: nothing to answer
                state = DONE;
                return null;
            }
            Poll<Integer> r = readMore(cx, true);
            if (r.isReady()) {
                int n = r.value();
                if (n < 0) peerEof = true;
                else if (n == 0) throw new IllegalStateException("read buffer full below the head limit");
                else fresh = false;
                continue;
            }
            // Waiting for bytes: the header timeout once a head has begun (or on a fresh connection), else idle.
            MonotonicInstant now = Time.now(cx);
            if (partial || fresh) {
                if (headStart == null) headStart = now;
                if (timerFired(cx, T_HEADER, headStart.plus(server.config.headerReadTimeout()))) {
                    if (partial) {
                        errorResponse(Status.REQUEST_TIMEOUT, "the request head did not arrive in time");
                    } else {
                        state = DONE;
                    }
                    return null;
                }
            } else {
                if (idleSince == null) {
                    idleSince = now;
                    transportTrimmed = false;
                }
                releaseIdleBuffers(); // I11
                MonotonicInstant idleDeadline = idleSince.plus(server.config.idleTimeout());
                if (trimTransport && !transportTrimmed) {
                    MonotonicInstant trimAt = idleSince.plus(TRANSPORT_TRIM_AFTER);
                    if (trimAt.compareTo(idleDeadline) < 0 && !timerFired(cx, T_TRIM, trimAt)) {
                        return Poll.pending();
                    }
                    io.idle();
                    transportTrimmed = true;
                }
                if (timerFired(cx, T_IDLE, idleDeadline)) {
                    state = CLOSE_FLUSH;
                    return null;
                }
            }
            return Poll.pending();
        }
    }

    /** I11: an idle connection gives its empty read buffer and output array to this thread's IdleBuffers. */
    private void releaseIdleBuffers() {
        ByteBuffer b = rbuf;
        if (b.capacity() == 0 && out.isReleased()) return;
        IdleBuffers pool = IdleBuffers.local();
        if (b.capacity() > 0 && !b.hasRemaining()) {
            rbuf = NO_BUFFER;
            pool.giveRead(b);
        }
        byte[] a = out.release();
        if (a != null) pool.giveOut(a);
    }

    /** Whether the connection holds a read buffer (tests: false while idle, I11). */
    boolean holdsReadBuffer() {
        java.lang.invoke.VarHandle.acquireFence();
        return rbuf.capacity() > 0;
    }

    /** Whether the connection holds an output array (tests: false while idle, I11). */
    boolean holdsOutBuffer() {
        java.lang.invoke.VarHandle.acquireFence();
        return !out.isReleased();
    }

    /** Whether a TLS connection's stream buffers were trimmed in the current idle period (tests, I11). */
    boolean transportTrimmed() {
        java.lang.invoke.VarHandle.acquireFence();
        return transportTrimmed;
    }

    /** Gives back a read buffer that grew for one large head, once it holds nothing. */
    private void shrinkReadBuffer() {
        if (rbuf.capacity() > INITIAL_READ_BUFFER && !rbuf.hasRemaining()) {
            rbuf = ByteBuffer.allocate(INITIAL_READ_BUFFER).flip();
        }
    }

    private void startExchange(RequestHead h) {
        beginExchange(h);
        Body b;
        if (h.framing() == BodyFraming.NONE) {
            body = null;
            b = Body.empty();
        } else {
            body = new IncomingBody(this, h.framing() == BodyFraming.CHUNKED ? -1 : h.contentLength(),
                    h.expectContinue(), server.config.bodyReadTimeout());
            b = body;
        }
        request = newRequest(h, b);
        state = CALL;
    }

    private Request newRequest(RequestHead h, Body b) {
        Request req = new Request(h.method(), h.target(), h.version(), h.headers(), b);
        if (peer != null) req.remoteAddress(peer);
        return req;
    }

    /** The per-exchange resets of a request that becomes the current one. */
    private void beginExchange(RequestHead h) {
        head = h;
        headStart = null;
        idleSince = null;
        fresh = false;
        continueSent = false;
        continueRequested = false;
        flushDeferred = false;
        closeAfter = false;
    }

    /** I13: a request parsed ahead becomes the current one, with its call (or its outcome) if it was called. */
    private void resumePipelined(Pipelined p) {
        if (p.request == null) { // not called ahead: the ordinary start (its body, if any, is next in rbuf)
            startExchange(p.head);
            return;
        }
        beginExchange(p.head);
        body = null;
        request = p.request;
        if (p.failure != null) {
            response = failed(p.failure);
            state = RESPOND;
        } else if (p.call == null) { // finished at its first poll
            Response r = p.response;
            response = r != null ? r : plain(Status.INTERNAL_SERVER_ERROR, "the handler returned no response");
            state = RESPOND;
        } else {
            call = p.call;
            state = CALL;
        }
    }

    /** Whether a request may be called before the ones ahead of it are answered (I13). */
    private static boolean mayRunAhead(RequestHead h) {
        return h.method().isSafe() && h.framing() == BodyFraming.NONE && h.keepAlive() && !h.expectContinue();
    }

    /** I13: parses the complete heads buffered behind the pending current call and calls those that qualify. */
    private void callAhead(Context cx) {
        int depth = server.config.pipelineDepth();
        // mayRunAhead(head) also means the current request has no body, so nothing else reads rbuf (I2)
        if (depth <= 1 || pipelinedError != null || server.draining || peerEof || closeAfter || !mayRunAhead(head)) {
            return;
        }
        for (;;) {
            int queued = pipelined == null ? 0 : pipelined.size();
            if (queued + 1 >= depth || !rbuf.hasRemaining()) return;
            if (queued > 0 && pipelined.peekLast().request == null) return; // an uncalled head ends the run
            RequestHead h;
            try {
                h = parser.parseRequest(rbuf);
            } catch (HttpParseException e) {
                pipelinedError = e;
                return;
            }
            if (h == null) return; // incomplete: READ_HEAD goes on from the parser's state in its turn
            Pipelined p = new Pipelined(h);
            if (pipelined == null) pipelined = new ArrayDeque<>(4);
            pipelined.add(p);
            if (!mayRunAhead(h) || !startPipelined(cx, p)) return;
        }
    }

    /** Calls {@code p} if its service is ready (I4) and polls the call once; false when it stays uncalled. */
    private boolean startPipelined(Context cx, Pipelined p) {
        try {
            if (server.service.pollReady(cx).isPending()) return false;
        } catch (Throwable e) { // the CALL state asks again in its turn and answers the failure there
            rethrowIfFatal(e);
            return false;
        }
        Request req = newRequest(p.head, Body.empty());
        p.request = req;
        try {
            p.call = callService(req);
            Poll<Response> r = p.call.poll(cx);
            if (r.isReady()) {
                p.response = r.value();
                p.call = null;
            }
        } catch (Throwable e) { // a checked exception may arrive sneaky-thrown from an async block
            rethrowIfFatal(e);
            p.call = null;
            p.failure = e;
        }
        return true;
    }

    /** Calls the service after its pollReady returned Ready (I4: the reservation is spent by the call). */
    private Future<Response> callService(Request req) {
        readyReserved = true;
        try {
            Future<Response> f = server.service.call(req);
            if (f == null) throw new NullPointerException("service returned a null future");
            return f;
        } finally {
            readyReserved = false;
        }
    }

    /** A request parsed ahead of its turn (I13): uncalled while {@code request} is null. */
    private static final class Pipelined {
        final RequestHead head;
        Request request;
        Future<Response> call;
        Response response;
        Throwable failure;

        Pipelined(RequestHead head) {
            this.head = head;
        }
    }

    private Request request;
    /** I13: requests parsed ahead of the current one, in order; the calls among them are in flight. */
    private ArrayDeque<Pipelined> pipelined;
    private HttpParseException pipelinedError;

    private Poll<Void> call(Context cx) {
        if (call == null) {
            Poll<Void> ready;
            try {
                ready = server.service.pollReady(cx);
            } catch (Throwable e) { // a checked exception may arrive sneaky-thrown from an async block
                rethrowIfFatal(e);
                closeAfter = true;
                response = plain(Status.SERVICE_UNAVAILABLE, "service unavailable");
                state = RESPOND;
                return null;
            }
            if (ready.isPending()) return waitingForResponse(cx);
            try {
                call = callService(request);
            } catch (Throwable e) { // a checked exception may arrive sneaky-thrown from an async block
                rethrowIfFatal(e);
                call = null;
                response = failed(e);
                state = RESPOND;
                return null;
            }
        }
        Poll<Response> p;
        try {
            p = call.poll(cx);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            call = null;
            response = failed(e);
            state = RESPOND;
            return null;
        }
        if (p.isReady()) {
            call = null;
            Response r = p.value();
            response = r != null ? r : plain(Status.INTERNAL_SERVER_ERROR, "the handler returned no response");
            state = RESPOND;
            return null;
        }
        return waitingForResponse(cx);
    }

    /** While the service is not ready or its call pending: 100-continue, flush, read ahead, watch for EOF. */
    private Poll<Void> waitingForResponse(Context cx) {
        boolean urgent = false;
        if (continueRequested && !continueSent) {
            continueSent = true;
            out.put(CONTINUE);
            urgent = true;
        }
        if (call != null) callAhead(cx); // I13: start the safe requests already buffered behind this one
        if (!urgent && !flushDeferred && out.length() > 0) { // I12: one yield before writing earlier responses
            flushDeferred = true;
            cx.waker().wake();
            return Poll.pending();
        }
        if (!flush(cx)) return Poll.pending();
        if (body == null && !peerEof) { // I1, I2: read ahead only when no body owns the socket
            for (;;) {
                Poll<Integer> r = readMore(cx, false);
                if (r.isPending() || r.value() == 0) break;
                if (r.value() < 0) { // the client went away: cancel its request (hyper's default)
                    peerEof = true;
                    state = DONE;
                    return null;
                }
            }
            if (call != null) callAhead(cx);
        }
        return Poll.pending();
    }

    private Response failed(Throwable e) {
        if (e instanceof RequestBodyException rbe) {
            closeAfter = true;
            return plain(rbe.status(), rbe.getMessage());
        }
        return plain(Status.INTERNAL_SERVER_ERROR, "");
    }

    private Poll<Void> respond() {
        Response r = response;
        response = null;
        RequestHead h = head;
        if (body != null && r.body() == body && h.expectContinue() && !continueSent) {
            // the response streams the request body back: the client must be told to send it first
            continueSent = true;
            out.put(CONTINUE);
        }
        if (body != null) {
            RequestBodyException failure = body.failure();
            if (failure != null) { // the framing is lost whatever the handler answered
                closeAfter = true;
                r = plain(failure.status(), failure.getMessage());
            } else if (h.expectContinue() && !continueSent && !body.isDone()) {
                closeAfter = true; // the client may or may not send the body it announced: close (RFC 9110 §10.1.1)
            }
        }
        boolean headRequest = h.method().equals(Method.HEAD);
        // a drain closes after the last request already parsed ahead (I13), not before it
        boolean lastInFlight = pipelined == null || pipelined.isEmpty();
        keepAlive = h.keepAlive() && !closeAfter && !(server.draining && lastInFlight) && !peerEof;
        Status status = r.status();
        Body b = r.body();
        long contentLength = -1;
        boolean chunked = false;
        ByteBuffer full = null;
        Body streamed = null;
        if (status.forbidsBody()) {
            cancelQuietly(b);
        } else if (b instanceof Body.Full f) {
            contentLength = f.contentLength();
            if (!headRequest) full = f.data();
        } else {
            long len = b.contentLength();
            if (len >= 0) {
                contentLength = len;
            } else if (headRequest) {
                contentLength = -1;
            } else if (h.version() == Version.HTTP_1_1) {
                chunked = true;
            } else {
                keepAlive = false; // HTTP/1.0: the body ends when the connection closes
            }
            if (headRequest) cancelQuietly(b);
            else streamed = b;
        }
        HeadWriter.ConnectionField conn = !keepAlive ? HeadWriter.ConnectionField.CLOSE
                : h.version() == Version.HTTP_1_0 ? HeadWriter.ConnectionField.KEEP_ALIVE
                : HeadWriter.ConnectionField.NONE;
        Headers headers = r.headers();
        byte[] date = headers.contains("Date") ? null : DateCache.line();
        HeadWriter.response(out, status, headers, date, contentLength, chunked, conn);
        if (full != null && full.hasRemaining()) {
            if (full.remaining() <= INLINE_BODY_MAX) out.put(full);
            else pendingBody = full;
        }
        if (streamed != null) {
            responseBody = streamed;
            chunkedOut = chunked;
            responseRemaining = contentLength;
            state = WRITE_BODY;
        } else {
            state = FINISH;
        }
        return null;
    }

    private Poll<Void> writeBody(Context cx) {
        for (;;) {
            if ((out.length() >= FLUSH_AT || pendingBody != null) && !flush(cx)) return Poll.pending();
            StreamPoll<ByteBuffer> p;
            try {
                p = responseBody.pollNext(cx);
            } catch (Throwable e) { // a checked exception may arrive sneaky-thrown from an async block
                rethrowIfFatal(e);
                responseBody = null;
                return abortResponse(); // the head is out: no way to signal the failure but to close
            }
            if (p instanceof StreamPoll.Item<ByteBuffer>(ByteBuffer chunk)) {
                int n = chunk.remaining();
                if (n == 0) continue;
                if (responseRemaining >= 0) {
                    responseRemaining -= n;
                    if (responseRemaining < 0) return abortResponse(); // longer than its declared length
                }
                if (chunkedOut) ChunkedEncoder.chunkHeader(out, n);
                if (n <= INLINE_BODY_MAX) {
                    out.put(chunk);
                    if (chunkedOut) ChunkedEncoder.chunkEnd(out);
                } else {
                    pendingBody = chunk;
                    if (chunkedOut) pendingTail = CRLF.duplicate();
                }
            } else if (p instanceof StreamPoll.End) {
                responseBody = null;
                if (responseRemaining > 0) return abortResponse(); // shorter than its declared length
                if (chunkedOut) ChunkedEncoder.last(out);
                state = FINISH;
                return null;
            } else {
                if (!flush(cx)) return Poll.pending(); // send what we have while the body is not ready
                return Poll.pending();
            }
        }
    }

    private Poll<Void> abortResponse() {
        keepAlive = false;
        server.requestsCut.incrementAndGet();
        state = CLOSE_FLUSH;
        return null;
    }

    private Poll<Void> finish() {
        server.requests.increment();
        request = null;
        head = null;
        if (body != null) {
            IncomingBody b = body;
            if (!b.detach()) { // unread body bytes remain
                if (keepAlive && b.canDrain(server.config.maxDrainBytes())) {
                    state = DRAIN;
                    return null;
                }
                keepAlive = false;
            }
            body = null;
        }
        if (keepAlive) shrinkReadBuffer();
        state = keepAlive ? READ_HEAD : CLOSE_FLUSH;
        return null;
    }

    private Poll<Void> drain(Context cx) {
        Poll<Boolean> p = body.drain(cx, server.config.maxDrainBytes());
        if (p.isPending()) {
            if (!flush(cx)) return Poll.pending();
            return Poll.pending();
        }
        body = null;
        state = p.value() ? READ_HEAD : CLOSE_FLUSH;
        return null;
    }

    private Poll<Void> closeFlush(Context cx) {
        if (!flush(cx)) return Poll.pending();
        Poll<Void> fin;
        try {
            fin = io.pollShutdown(cx); // TLS: close_notify first, which may wait for the socket
        } catch (RuntimeException e) {
            state = DONE;
            return null;
        }
        if (fin.isPending()) {
            writeStalled(cx);
            return Poll.pending();
        }
        writeStalledSince = null;
        state = peerEof ? DONE : LINGER;
        return null;
    }

    /** After our FIN: read and drop what the client still sends, so our last response is not lost to a RST. */
    private Poll<Void> linger(Context cx) {
        for (;;) {
            rbuf.clear().flip();
            Poll<Integer> r = readMore(cx, false);
            if (r.isReady()) {
                int n = r.value();
                if (n <= 0 || (lingered += n) > LINGER_MAX_BYTES) {
                    state = DONE;
                    return null;
                }
                continue;
            }
            if (timerKind != T_LINGER) timerFired(cx, T_LINGER, Time.now(cx).plus(LINGER_TIME));
            if (timerFired(cx, T_LINGER, timerDeadline)) {
                state = DONE;
                return null;
            }
            return Poll.pending();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Writes a complete error response and moves to CLOSE_FLUSH (the connection's framing is unusable). */
    private void errorResponse(Status status, String message) {
        if (body != null) {
            body.detach();
            body = null;
        }
        byte[] text = (status.code() + " " + status.reason() + ": " + message + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Headers h = new Headers().add("Content-Type", "text/plain; charset=utf-8");
        HeadWriter.response(out, status, h, DateCache.line(), text.length, false, HeadWriter.ConnectionField.CLOSE);
        out.put(text);
        keepAlive = false;
        state = CLOSE_FLUSH;
    }

    private static Response plain(Status status, String message) {
        return Response.text(status, status.code() + " " + status.reason() + (message.isEmpty() ? "" : ": " + message)
                + "\n");
    }

    /** Out of memory and internal JVM errors propagate; everything else is this connection's failure (I5). */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) throw vme;
    }

    private static void cancelQuietly(Body b) {
        try {
            b.cancel();
        } catch (RuntimeException ignored) {
            // a body's cancel must not break the connection
        }
    }

    /**
     * Compacts, reads and flips {@code rbuf} (I3).
     *
     * @return Ready(n > 0), Ready(-1) at EOF, Ready(0) when the buffer is full (and may not grow), or Pending
     */
    Poll<Integer> readMore(Context cx, boolean mayGrow) {
        ByteBuffer b = rbuf;
        if (b.capacity() == 0) { // I11: released while idle; this read ends the idle period
            IdleBuffers pool = IdleBuffers.local();
            rbuf = b = pool.takeRead();
            if (out.isReleased()) out.reuse(pool.takeOut());
        }
        if (b.position() == 0 && b.limit() == b.capacity()) {
            if (!mayGrow || b.capacity() >= maxReadBuffer) return Poll.ready(0);
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxReadBuffer, b.capacity() * 2));
            bigger.put(b).flip();
            rbuf = b = bigger;
        }
        b.compact();
        Poll<Integer> r;
        try {
            r = io.pollRead(cx, b);
        } finally {
            b.flip();
        }
        return r;
    }

    /** Writes `out` (plus a pending body slice and tail); true once all is written, false when waiting. */
    private boolean flush(Context cx) {
        if (out.length() == 0 && pendingBody == null && !transportUnflushed) return true;
        ByteBuffer head = out.buffer();
        for (;;) {
            int n = 0;
            if (head.hasRemaining()) gather[n++] = head;
            if (pendingBody != null && pendingBody.hasRemaining()) gather[n++] = pendingBody;
            if (pendingTail != null && pendingTail.hasRemaining()) gather[n++] = pendingTail;
            if (n == 0) break;
            // the usual case, a batch of heads and small bodies in `out`, is one buffer: a plain write
            boolean pending = n == 1 ? io.pollWrite(cx, gather[0]).isPending()
                    : io.pollWriteVectored(cx, gather, 0, n).isPending();
            if (pending) {
                // keep what was not written: move the rest of `out` to its front
                int written = head.position();
                if (written > 0) compactOut(written);
                clearGather();
                writeStalled(cx);
                return false;
            }
            writeStalledSince = null;
        }
        clearGather();
        if (io.pollFlush(cx).isPending()) { // I10: TLS holds the last record; `out` is all consumed
            out.clear();
            pendingBody = null;
            pendingTail = null;
            transportUnflushed = true;
            writeStalled(cx);
            return false;
        }
        transportUnflushed = false;
        writeStalledSince = null;
        out.clear();
        if (out.length() == 0) out.shrinkTo(64 * 1024);
        pendingBody = null;
        pendingTail = null;
        return true;
    }

    /** The write made no progress: arm the write timer, failing the connection once it passed (I7). */
    private void writeStalled(Context cx) {
        if (writeStalledSince == null) writeStalledSince = Time.now(cx);
        if (timerFired(cx, T_WRITE, writeStalledSince.plus(server.config.writeTimeout()))) {
            throw new java.io.UncheckedIOException(new java.io.IOException("write timed out"));
        }
    }

    private void clearGather() {
        gather[0] = gather[1] = gather[2] = null;
    }

    private void compactOut(int written) {
        byte[] rest = new byte[out.length() - written];
        out.buffer().position(written).get(rest);
        out.clear();
        out.put(rest);
    }

    private boolean timerFired(Context cx, int kind, MonotonicInstant deadline) {
        if (timer == null) {
            timer = Time.sleepUntil(deadline);
            armedDeadline = deadline;
        } else if (deadline.compareTo(armedDeadline) < 0) {
            timer.reset(deadline); // an earlier deadline: re-arm now
            armedDeadline = deadline;
        }
        // A later deadline keeps the armed one (I7): it fires early, is found early below and re-armed then.
        timerKind = kind;
        timerDeadline = deadline;
        for (;;) {
            if (timer.poll(cx).isPending()) return false;
            if (armedDeadline.compareTo(deadline) >= 0) return true; // fired at or after the deadline asked for
            timer.reset(deadline);
            armedDeadline = deadline;
        }
    }

    /** I6: the one way out. */
    private void end(boolean cut) {
        if (ended) return;
        ended = true;
        state = DONE;
        boolean responseUnfinished = head != null || out.length() > 0 || pendingBody != null;
        if (readyReserved) {
            readyReserved = false;
            try {
                server.service.releaseReady();
            } catch (RuntimeException ignored) {
                // the reservation is lost with the service's failure
            }
        }
        if (call != null) {
            try {
                call.cancel();
            } catch (RuntimeException ignored) {
                // a failing cancel must not keep the socket open
            }
            call = null;
        }
        int pipelinedCut = 0;
        if (pipelined != null) {
            for (Pipelined p; (p = pipelined.poll()) != null; ) {
                pipelinedCut++;
                if (p.call == null) continue;
                try {
                    p.call.cancel();
                } catch (RuntimeException ignored) {
                    // as above
                }
            }
        }
        if (responseBody != null) cancelQuietly(responseBody);
        if (body != null) body.detach();
        if (timer != null) timer.cancel();
        io.close();
        if (server.draining) {
            if (cut) {
                server.cut.incrementAndGet();
                if (responseUnfinished || pipelinedCut > 0) {
                    server.requestsCut.addAndGet((responseUnfinished ? 1 : 0) + pipelinedCut);
                }
            } else if (idleAtDrain || !drainSeen) {
                server.idleClosed.incrementAndGet();
            } else {
                server.drainedConnections.incrementAndGet();
            }
        }
        server.connectionEnded(this);
    }

    @Override
    public void cancel() {
        end(true);
    }

    @Override
    public String toString() {
        return "Http1Connection[" + peer + ", state " + state + "]";
    }
}

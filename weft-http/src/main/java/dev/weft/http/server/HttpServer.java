package dev.weft.http.server;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.internal.server.AcceptLoop;
import dev.weft.http.internal.server.ServerContext;
import dev.weft.http.service.Service;
import dev.weft.net.TcpListener;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP/1.1 server: binds a TCP listener, accepts on one task and serves each connection on its own
 * poll-based task, calling a {@link Service} per request (hyper's {@code Server} with a tower service).
 *
 * <p>It speaks HTTP/1.0 and HTTP/1.1: keep-alive, pipelining (responses in order; safe, bodiless pipelined
 * requests are called while earlier ones are pending, up to {@link ServerConfig#pipelineDepth()}), chunked bodies
 * both ways, {@code Expect: 100-continue}, HEAD, absolute-form targets. Parsing is strict (RFC 9112; see
 * {@code weft-http/CONFORMANCE.md}); every limit and timeout of {@link ServerConfig} answers with its status.
 * Request bodies are read from the socket only as the handler reads them; response bodies are written as the
 * socket accepts them. A handler that throws is answered 500 and the connection stays open.
 *
 * <p><b>HTTPS.</b> {@link ServerConfig.Builder#tls} makes every connection TLS ({@code dev.weft.http.tls.TlsStream},
 * ALPN {@code http/1.1}); the handshake runs on the connection's task within the header read timeout. The
 * handler does not change.
 * {@snippet :
 * try (Runtime rt = WeftRuntime.multiThread().build()) {
 *     rt.blockOn(Async.async(() -> {
 *         HttpServer server = HttpServer.bind(new InetSocketAddress("127.0.0.1", 8080),
 *                 req -> Response.text("Hello, World!"));
 *         Signals.ctrlC().await();                                  // or any stop condition
 *         DrainReport report = server.shutdown(Duration.ofSeconds(10)).await();
 *         return report;
 *     }));
 * }
 * }
 *
 * <p><b>Where to call it.</b> {@code bind} spawns the accept task with {@link Tasks#spawn}, so it must run on a
 * Weft runtime (a task, an async block, or inside {@code WeftRuntime.blockOn}).
 */
public final class HttpServer implements AutoCloseable {
    /*
     * Implementation notes
     *
     * I1. The server is three kinds of tasks: the accept loop (AcceptLoop), one task per connection
     *     (Http1Connection), and whatever the service spawns (one virtual thread per request for a Handler).
     *     Nothing is shared between connections but the ServerContext's atomics and the Date cache.
     * I2. Shutdown protocol: (1) the draining flag is set and the accept loop stopped, the listener closed;
     *     (2) every connection is woken: an idle one closes at once, a busy one finishes its current request
     *     (answered with Connection: close) and closes; (3) when no connection is left, the report is ready;
     *     (4) at the deadline the remaining connection tasks are aborted (cancel() closes their sockets and
     *     cancels their calls) and counted as cut.
     * I3. close() is shutdown with a zero deadline and no waiting: abort everything now.
     */
    private final TcpListener listener;
    private final ServerContext context;
    private final AcceptLoop loop;
    private final JoinHandle<Void> acceptTask;
    private final InetSocketAddress localAddress;

    private HttpServer(TcpListener listener, ServerContext context) {
        this.listener = listener;
        this.context = context;
        this.localAddress = listener.localAddress();
        this.loop = new AcceptLoop(listener, context);
        this.acceptTask = Tasks.spawn(loop);
    }

    /**
     * Binds {@code address} and starts serving with {@code config}.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     * @throws IllegalStateException when called outside a Weft runtime
     */
    public static HttpServer bind(SocketAddress address, ServerConfig config, Service<Request, Response> service) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(service, "service");
        TcpListener l = TcpListener.bind(address, Math.max(128, Math.min(config.maxConnections(), 4096)));
        try {
            return new HttpServer(l, new ServerContext(config, service));
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Binds {@code address} and serves {@code service} with the default configuration. */
    public static HttpServer bind(SocketAddress address, Service<Request, Response> service) {
        return bind(address, ServerConfig.defaults(), service);
    }

    /** Binds {@code address} and serves {@code handler} (an async block per request) with the defaults. */
    public static HttpServer bind(SocketAddress address, Handler handler) {
        return bind(address, ServerConfig.defaults(), Objects.requireNonNull(handler, "handler").toService());
    }

    /** The bound address (with the port the OS chose for port 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The configuration. */
    public ServerConfig config() {
        return context.config();
    }

    /** The number of open connections. */
    public int activeConnections() {
        return context.activeConnections();
    }

    /**
     * Whether a graceful {@link #shutdown} has started: from then on responses carry {@code Connection: close}
     * and idle connections close. A readiness probe can answer 503 once this is true.
     */
    public boolean isDraining() {
        return context.isDraining();
    }

    /** The number of requests answered since the server started. */
    public long requestsServed() {
        return context.requestsServed();
    }

    /**
     * A future that shuts the server down gracefully and reports what happened: stops accepting, closes idle
     * keep-alive connections at once, lets in-flight requests finish (their responses carry
     * {@code Connection: close}) until {@code deadline}, then closes what is left by force.
     * {@snippet :
     * DrainReport report = server.shutdown(Duration.ofSeconds(10)).await();
     * if (!report.isClean()) log.warn("cut " + report.requestsCut() + " requests");
     * }
     *
     * <p><b>Cancel safety:</b> the drain starts at the first poll and is not undone by cancelling the future:
     * accepting stays stopped and connections keep closing as they finish, but nothing is cut at the deadline
     * (call {@link #close()} for that).
     *
     * @throws IllegalArgumentException when {@code deadline} is negative
     */
    public Future<DrainReport> shutdown(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline: " + deadline + " (expected: >= 0)");
        }
        return new Future<>() {
            private boolean started;
            private boolean forced;
            private int atStart;
            private MonotonicInstant start;
            private Sleep timer;

            @Override
            public Poll<DrainReport> poll(Context cx) {
                if (!started) {
                    started = true;
                    start = Time.now(cx);
                    atStart = context.activeConnections();
                    stopAccepting();
                    context.startDrain(); // I2 (1), (2)
                    timer = Time.sleep(deadline);
                }
                context.registerDrained(cx.waker());
                if (context.activeConnections() == 0) { // I2 (3)
                    timer.cancel();
                    int[] c = context.drainCounts();
                    return Poll.ready(new DrainReport(atStart, c[0], c[1], c[2], c[3],
                            Time.now(cx).durationSince(start)));
                }
                if (!forced && timer.poll(cx).isReady()) { // I2 (4)
                    forced = true;
                    context.abortAll();
                    if (context.activeConnections() == 0) cx.waker().wake();
                }
                return Poll.pending();
            }

            @Override
            public void cancel() {
                if (timer != null) timer.cancel();
            }
        };
    }

    private void stopAccepting() {
        loop.stop();
        acceptTask.abort();
        listener.close();
    }

    /** Stops at once: closes the listener and every connection, cancelling in-flight requests (I3). */
    @Override
    public void close() {
        context.startDrain();
        stopAccepting();
        context.abortAll();
    }

    @Override
    public String toString() {
        return "HttpServer[" + localAddress + ", " + activeConnections() + " connections]";
    }
}

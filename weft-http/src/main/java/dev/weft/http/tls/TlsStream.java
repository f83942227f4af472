package dev.weft.http.tls;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.net.TcpStream;
import dev.weft.task.JoinError;
import dev.weft.task.Tasks;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection over a {@link TcpStream}, driven by the JDK's {@link SSLEngine}: tokio-rustls' {@code TlsStream}.
 * It reads and writes plaintext through {@link AsyncRead} and {@link AsyncWrite}; the bytes on the socket are
 * TLS records.
 * {@snippet :
 * TcpStream tcp = TcpStream.connect(address).await();
 * TlsStream tls = TlsStream.connect(tcp, TlsConfig.client(), "example.com").await();   // handshake done
 * tls.writeAll(ByteBuffer.wrap(request)).await();     // writeAll also flushes
 * int n = tls.read(buffer).await();
 * tls.shutdown().await();                             // close_notify, then FIN
 * }
 *
 * <p><b>Handshake.</b> {@link #connect} and {@link #accept} return futures that complete once the handshake is
 * done; {@link #client} and {@link #server} wrap the socket at once and the first read, write or
 * {@link #handshake()} drives the handshake, so no extra round trip is spent waiting before the first write is
 * buffered. A client sends SNI (unless the server name is an IP literal, RFC 6066 §3), verifies the certificate
 * chain and the host name (endpoint identification {@code HTTPS}). Both sides negotiate ALPN from
 * {@link TlsConfig#applicationProtocols()} ({@code http/1.1} by default); see {@link #applicationProtocol()}.
 *
 * <p><b>Writes are buffered by at most one TLS record.</b> {@link #pollWrite} encrypts up to one record (16 KiB
 * of plaintext) and tries to send it; what the socket does not take waits in the stream until the next write,
 * {@link #pollFlush} or {@link #pollShutdown}. So, as with a {@code BufWriter}, flush after writing a message
 * ({@link #writeAll} does it for you); a write that finds the previous record still unsent waits for it first,
 * which is the backpressure.
 *
 * <p><b>Closing.</b> {@link #pollShutdown} sends {@code close_notify} and then shuts the TCP write direction
 * (FIN); reads still work until the peer's {@code close_notify}, which reads as end of stream ({@code -1}).
 * A peer that closes TCP without {@code close_notify} makes the read fail with an {@link EOFException} (wrapped
 * in {@link UncheckedIOException}) saying the data may be truncated (RFC 8446 §6.1), so a message delimited by
 * the end of the connection is never silently cut short. {@link #close()} closes the socket at once, without
 * {@code close_notify}.
 *
 * <p><b>Errors.</b> TLS failures (handshake failure, bad certificate, a corrupt record) surface as
 * {@link UncheckedIOException} whose cause is the JDK's {@link SSLException} (e.g. {@link SSLHandshakeException});
 * the stream then stays failed: every later read or write throws the same exception. The engine's alert is sent
 * on a best-effort basis.
 *
 * <p><b>Ownership.</b> One task at a time polls the stream, reads and writes alike (a TLS connection has one
 * engine state shared by both directions, as rustls' {@code Connection} does). Within that task, reads and writes
 * may come from different futures, e.g. a reader and a writer under {@code Futures.join}: a read may need to
 * write (handshake flights, renegotiation) and a write may need to read, so every readiness of the socket wakes
 * both the last reader and the last writer.
 */
public final class TlsStream implements AsyncRead, AsyncWrite, AutoCloseable {
    /*
     * Implementation notes
     *
     * Three heap buffers, each kept in "read mode" (position..limit = the bytes it holds) between calls:
     *   netIn   ciphertext read from the socket, not yet unwrapped;
     *   appIn   plaintext unwrapped, not yet handed to a reader;
     *   netOut  ciphertext wrapped, not yet written to the socket.
     * Heap, not direct: the JDK's engine works on arrays (AES-GCM intrinsics), and Netty also gives the JDK engine
     * heap buffers; the socket copies through its per-thread direct buffer.
     *
     * I1. Every method runs on the one task that owns the stream (class doc): no field is shared between threads
     *     except through the delegated-task JoinHandle in BLOCKING_POOL mode, whose completion happens-before
     *     its observed poll result (JoinHandle's own guarantee); the engine is not touched while it runs
     *     (its status stays NEED_TASK until the tasks finish).
     * I2. Plaintext is never lost: unwrap writes into appIn, or straight into the caller's buffer only when that
     *     buffer can take a whole record and appIn is empty (so order is kept); a read returns what is in appIn
     *     before unwrapping more. Hence a cancelled read loses nothing (cancel-safe).
     * I3. netOut holds at most about one record of application data: pollWrite first flushes what a previous
     *     write left and returns Pending until it is gone; only then does it wrap more. Handshake wraps batch
     *     several messages into netOut and flush when the engine turns to NEED_UNWRAP or finishes.
     * I4. Before waiting for the socket to become readable, the stream tries to flush netOut (our flight must
     *     reach the peer before its answer can come), but a flush that cannot finish does not stop the read:
     *     both interests are registered with the same waker, so two peers that both write a lot cannot deadlock.
     * I5. End of stream is -1 only after the peer's close_notify (engine status CLOSED). A TCP EOF before it
     *     fails the read: SSLHandshakeException during the handshake, EOFException (truncation) after it.
     * I6. The first SSLException is stored in `failure` and rethrown by every later read and write; the engine
     *     has closed itself, and returning its CLOSED statuses as a clean end of stream would hide the error.
     * I7. Delegated tasks: INLINE runs them inside poll (they are CPU-bound: key exchange, chain validation);
     *     BLOCKING_POOL runs them with Tasks.spawnBlocking and polls the JoinHandle like I/O (I1).
     * I8. Wake-ups: the socket and the delegated-task handle are always polled with `inner`, a context whose
     *     waker is `fanout`, never with the caller's context. fanout wakes both `readWaker` (set by pollRead)
     *     and `writeWaker` (set by every other poll method). A read that flushes netOut would otherwise steal
     *     the socket's single write-waker slot from a writer waiting for that very flush (a lost wake-up when
     *     the reader and writer are different futures of one task, as under Futures.join). A slot is cleared
     *     when its side returns Ready, so a finished side gets no spurious wake-ups. The slots are volatile:
     *     fanout runs on whichever thread reports readiness. The budget `inner` consumes is charged back to
     *     the caller's context (as JoinTuple does).
     * I9. Every use of a buffer tolerates one of capacity 0 (left by trimBuffers): fill() grows netIn to a
     *     packet before reading, an unwrap into a too-small appIn and a wrap into a too-small netOut report
     *     BUFFER_OVERFLOW, which grows the buffer to the session's size and retries.
     */

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int PROGRESS = 0;
    private static final int WAIT = -2;

    private final TcpStream tcp;
    private final SSLEngine engine;
    private final TlsConfig.DelegatedTasks taskMode;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private int appBufferSize;
    private int packetBufferSize;
    private boolean netEof;
    private boolean inboundDone;
    private boolean outboundClosed;
    private boolean finSent;
    private boolean handshakeDone;
    private UncheckedIOException failure;
    private Future<Void> pendingTasks;
    private volatile Waker readWaker; // I8: written by the polling task, read by fanout on any thread
    private volatile Waker writeWaker; // I8
    private final Waker fanout = this::wakeBoth;
    private final Context.Child innerChild = new Context.Child();
    /** The context `innerChild` armed last (I8); the same object on every enter. */
    private Context inner;

    private TlsStream(TcpStream tcp, SSLEngine engine, TlsConfig config) {
        this.tcp = tcp;
        this.engine = engine;
        this.taskMode = config.delegatedTasks();
        SSLSession s = engine.getSession();
        this.packetBufferSize = s.getPacketBufferSize();
        this.appBufferSize = s.getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packetBufferSize).flip();
        this.appIn = ByteBuffer.allocate(appBufferSize).flip();
        this.netOut = ByteBuffer.allocate(packetBufferSize).flip();
    }

    // ------------------------------------------------------------------------------------------------ factories

    /**
     * Wraps {@code tcp} as the client side of a TLS connection to {@code serverName}; the handshake starts with
     * the first read, write or {@link #handshake()}.
     *
     * @param serverName the host name (or IP literal) the server's certificate must match; also sent as SNI
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code config} is not a client config or {@code serverName} is empty
     */
    public static TlsStream client(TcpStream tcp, TlsConfig config, String serverName) {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serverName, "serverName");
        if (config.role() != TlsConfig.Role.CLIENT) {
            throw new IllegalArgumentException("config: a " + config.role() + " config (expected: a CLIENT config)");
        }
        String host = serverName.startsWith("[") && serverName.endsWith("]")
                ? serverName.substring(1, serverName.length() - 1) : serverName;
        if (host.isEmpty()) throw new IllegalArgumentException("serverName: \"\" (expected: a host name or IP)");
        int port;
        try {
            port = tcp.peerAddress().getPort();
        } catch (UncheckedIOException e) {
            port = -1;
        }
        SSLEngine engine = config.context().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) p.setServerNames(List.of(new SNIHostName(host)));
        configure(p, config);
        engine.setSSLParameters(p);
        return start(tcp, engine, config);
    }

    /**
     * Wraps {@code tcp} (an accepted connection) as the server side of a TLS connection; the handshake starts
     * with the first read, write or {@link #handshake()}.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code config} is not a server config
     */
    public static TlsStream server(TcpStream tcp, TlsConfig config) {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(config, "config");
        if (config.role() != TlsConfig.Role.SERVER) {
            throw new IllegalArgumentException("config: a " + config.role() + " config (expected: a SERVER config)");
        }
        SSLEngine engine = config.context().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        switch (config.clientAuth()) {
            case NEED -> p.setNeedClientAuth(true);
            case WANT -> p.setWantClientAuth(true);
            case NONE -> { }
        }
        configure(p, config);
        engine.setSSLParameters(p);
        return start(tcp, engine, config);
    }

    /**
     * A future of a client TLS stream over {@code tcp} whose handshake with {@code serverName} is complete.
     *
     * <p><b>Cancel safety:</b> cancelling before completion closes {@code tcp} (no stream was handed out); when
     * the handshake fails, the future fails with {@link UncheckedIOException} (cause: an {@link SSLException})
     * and {@code tcp} is closed.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException as {@link #client}
     */
    public static Future<TlsStream> connect(TcpStream tcp, TlsConfig config, String serverName) {
        return handshaking(client(tcp, config, serverName));
    }

    /**
     * A future of a server TLS stream over the accepted {@code tcp} whose handshake is complete.
     *
     * <p><b>Cancel safety:</b> as {@link #connect}: cancelled or failed, {@code tcp} is closed.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException as {@link #server}
     */
    public static Future<TlsStream> accept(TcpStream tcp, TlsConfig config) {
        return handshaking(server(tcp, config));
    }

    private static Future<TlsStream> handshaking(TlsStream s) {
        return new Future<>() {
            @Override
            public Poll<TlsStream> poll(Context cx) {
                try {
                    if (s.pollHandshake(cx).isPending()) return Poll.pending();
                } catch (RuntimeException e) {
                    s.close();
                    throw e;
                }
                return Poll.ready(s);
            }

            @Override
            public void cancel() {
                s.close();
            }
        };
    }

    private static void configure(SSLParameters p, TlsConfig config) {
        p.setProtocols(config.protocols().toArray(String[]::new));
        if (!config.applicationProtocols().isEmpty()) {
            p.setApplicationProtocols(config.applicationProtocols().toArray(String[]::new));
        }
    }

    private static TlsStream start(TcpStream tcp, SSLEngine engine, TlsConfig config) {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalArgumentException("config: the engine cannot start a handshake (" + e.getMessage()
                    + ")", e);
        }
        return new TlsStream(tcp, engine, config);
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) return true; // IPv6
        if (host.isEmpty()) return false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The TCP stream underneath (for its addresses and socket options; do not read or write it directly). */
    public TcpStream tcp() {
        return tcp;
    }

    /** The peer's address. @throws UncheckedIOException when the socket is closed */
    public InetSocketAddress peerAddress() {
        return tcp.peerAddress();
    }

    /** Whether the handshake has completed. */
    public boolean isHandshakeComplete() {
        return handshakeDone;
    }

    /**
     * The protocol ALPN selected (e.g. {@code http/1.1}), or empty when the handshake is not complete or the
     * peers negotiated no application protocol.
     */
    public Optional<String> applicationProtocol() {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /**
     * Releases the stream's three buffers (about 50 KiB: ciphertext in, plaintext in, ciphertext out) while they
     * hold no byte, for example while a keep-alive connection waits for its next request or sits in a client's
     * pool; they are allocated again, at full size, by the next read or write. Returns whether it could (false
     * while any buffered byte or delegated task is pending). The caller must own the stream (class doc).
     */
    @CanIgnoreReturnValue
    public boolean trimBuffers() {
        if (netIn.hasRemaining() || appIn.hasRemaining() || netOut.hasRemaining() || pendingTasks != null) {
            return false;
        }
        if (netIn.capacity() > 0) netIn = ByteBuffer.allocate(0); // I9
        if (appIn.capacity() > 0) appIn = ByteBuffer.allocate(0);
        if (netOut.capacity() > 0) netOut = ByteBuffer.allocate(0);
        return true;
    }

    /** The TLS session (protocol version, cipher suite, peer certificates once the handshake is complete). */
    public SSLSession session() {
        return engine.getSession();
    }

    /** The peer's certificate chain, leaf first; empty when the peer presented none (or before the handshake). */
    public List<Certificate> peerCertificates() {
        try {
            return List.of(engine.getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    // ------------------------------------------------------------------------------------------------ handshake

    /**
     * A future that drives the handshake to completion (a no-op once it is complete).
     *
     * <p><b>Cancel safety:</b> cancel-safe: the handshake's progress stays in the stream; the next read, write or
     * handshake continues it.
     */
    public Future<Void> handshake() {
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return pollHandshake(cx);
            }

            @Override
            public void cancel() {
                cancelWrite();
            }
        };
    }

    /**
     * Drives the handshake; {@code Ready} once it is complete and our last flight is on the wire.
     *
     * @throws UncheckedIOException when the handshake fails (cause: an {@link SSLException}) or the socket fails
     */
    public Poll<Void> pollHandshake(Context cx) {
        checkFailure();
        setWriteWaker(cx);
        try {
            for (;;) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NOT_HANDSHAKING, FINISHED -> {
                        if (!flushNet(cx)) return Poll.pending();
                        handshakeDone = true;
                        writeWaker = null; // I8
                        return Poll.ready(null);
                    }
                    case NEED_TASK -> {
                        if (!runTasks(cx)) return Poll.pending();
                    }
                    case NEED_WRAP -> {
                        if (!wrapHandshake(cx)) return Poll.pending();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        flushNet(cx); // I4: best effort, the read below registers its own interest
                        if (inboundDone) throw new SSLHandshakeException("peer closed the TLS session during the handshake");
                        int r = unwrapStep(cx, null);
                        if (r == WAIT) return Poll.pending();
                    }
                }
            }
        } catch (SSLException e) {
            throw fail(cx, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads decrypted bytes into {@code dst}; see {@link AsyncRead#pollRead}. Drives the handshake first if
     * needed. {@code Ready(-1)} once the peer sent {@code close_notify}.
     *
     * @throws UncheckedIOException when the socket fails, TLS fails (cause: {@link SSLException}), or the peer
     *     closed TCP without {@code close_notify} (cause: {@link EOFException})
     */
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        if (!dst.hasRemaining()) return Poll.ready(0);
        checkFailure();
        if (readWaker != cx.waker()) readWaker = cx.waker(); // I8
        try {
            for (;;) {
                if (appIn.hasRemaining()) return readReady(transfer(appIn, dst)); // I2
                if (inboundDone) return readReady(-1);
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    if (!runTasks(cx)) return Poll.pending();
                    continue;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    if (!wrapHandshake(cx)) return Poll.pending();
                    continue;
                }
                if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) {
                    if (!handshakeDone && !netOut.hasRemaining()) handshakeDone = true;
                }
                flushNet(cx); // I4
                int r = unwrapStep(cx, dst);
                if (r == WAIT) return Poll.pending();
                if (r > 0) return readReady(r);
            }
        } catch (SSLException e) {
            throw fail(cx, e);
        }
    }

    /**
     * A future of one read into {@code dst}: the bytes read, or -1 after the peer's {@code close_notify}.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no plaintext was consumed (records
     * decrypted meanwhile stay buffered for the next read); cancelling withdraws the socket's read interest.
     */
    @Override
    public Future<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return pollRead(cx, dst);
            }

            @Override
            public void cancel() {
                cancelRead();
            }
        };
    }

    /**
     * One unwrap of netIn, reading the socket when the engine needs more bytes.
     *
     * @param dst the caller's buffer, or null during the handshake
     * @return the bytes unwrapped straight into {@code dst} (> 0), PROGRESS, or WAIT (waker registered)
     */
    private int unwrapStep(Context cx, ByteBuffer dst) throws SSLException {
        boolean direct = dst != null && !appIn.hasRemaining() && dst.remaining() >= appBufferSize;
        SSLEngineResult r;
        if (direct) {
            r = engine.unwrap(netIn, dst);
        } else {
            appIn.compact();
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
        }
        switch (r.getStatus()) {
            case OK -> {
                if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                    return direct && r.bytesProduced() > 0 ? r.bytesProduced() : PROGRESS;
                }
                // nothing consumed: the engine needs more bytes (treated as underflow)
                return fill(cx);
            }
            case BUFFER_UNDERFLOW -> {
                return fill(cx);
            }
            case BUFFER_OVERFLOW -> {
                appBufferSize = Math.max(appBufferSize, engine.getSession().getApplicationBufferSize());
                if (appIn.capacity() - appIn.remaining() < appBufferSize) {
                    appIn = grow(appIn, appIn.remaining() + appBufferSize);
                } else if (direct) {
                    appBufferSize = dst.remaining() + 1; // the caller's buffer was too small after all: use appIn
                }
                return PROGRESS;
            }
            case CLOSED -> {
                inboundDone = true; // I5: the peer's close_notify
                return PROGRESS;
            }
        }
        throw new AssertionError(r.getStatus());
    }

    /** Reads more ciphertext into netIn: PROGRESS, or WAIT; throws on end of stream (I5). */
    private int fill(Context cx) throws SSLException {
        if (netEof) throw eof();
        packetBufferSize = Math.max(packetBufferSize, engine.getSession().getPacketBufferSize());
        if (netIn.capacity() - netIn.remaining() < 1 || netIn.capacity() < packetBufferSize) {
            netIn = grow(netIn, Math.max(packetBufferSize, netIn.remaining() + 1));
        }
        netIn.compact();
        Poll<Integer> p;
        enter(cx);
        try {
            p = tcp.pollRead(inner, netIn); // I8
        } finally {
            netIn.flip();
            charge(cx);
        }
        if (p.isPending()) return WAIT;
        if (p.value() < 0) {
            netEof = true;
            throw eof();
        }
        return PROGRESS;
    }

    /** Always throws: the socket ended before the peer's close_notify (I5). */
    private SSLException eof() throws SSLException {
        boolean handshaking = !handshakeDone;
        try {
            engine.closeInbound();
        } catch (SSLException ignored) {
            // the engine complains about the missing close_notify; we report it below
        }
        if (handshaking) throw new SSLHandshakeException("peer closed the connection during the TLS handshake");
        throw new UncheckedIOException(new EOFException("peer closed the TCP connection without TLS close_notify"
                + (netIn.hasRemaining() ? " in the middle of a record" : "") + ": the data may be truncated"));
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Encrypts up to one TLS record of {@code src} and tries to send it; see {@link AsyncWrite#pollWrite} and
     * the class doc on buffering. Drives the handshake first if needed.
     *
     * @throws UncheckedIOException when the socket or TLS fails, or the stream was shut down for writing
     */
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        checkFailure();
        if (outboundClosed) {
            throw new UncheckedIOException(new IOException("write after shutdown: the TLS stream's write "
                    + "direction is closed"));
        }
        if (!src.hasRemaining()) return Poll.ready(0);
        setWriteWaker(cx);
        try {
            for (;;) {
                if (!handshakeDone || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                    if (pollHandshake(cx).isPending()) return Poll.pending();
                }
                if (!flushNet(cx)) return Poll.pending(); // I3
                netOut.compact();
                SSLEngineResult r;
                try {
                    r = engine.wrap(src, netOut);
                } finally {
                    netOut.flip();
                }
                switch (r.getStatus()) {
                    case OK -> {
                        if (r.bytesConsumed() > 0) {
                            flushNet(cx); // best effort; the rest goes with the next write or flush
                            writeWaker = null; // I8
                            return Poll.ready(r.bytesConsumed());
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        packetBufferSize = Math.max(packetBufferSize, engine.getSession().getPacketBufferSize());
                        netOut = grow(netOut, Math.max(packetBufferSize, netOut.capacity() * 2));
                    }
                    case CLOSED -> throw new SSLException("the TLS session is closed for writing");
                    case BUFFER_UNDERFLOW -> throw new AssertionError("wrap underflow");
                }
            }
        } catch (SSLException e) {
            throw fail(cx, e);
        }
    }

    /**
     * Encrypts up to one TLS record gathered from {@code srcs[offset .. offset + length)} (so a message head and
     * its body leave in one record and one socket write) and tries to send it; see
     * {@link AsyncWrite#pollWriteVectored} and {@link #pollWrite}.
     *
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not fit {@code srcs}
     * @throws UncheckedIOException as {@link #pollWrite}
     */
    @Override
    public Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        checkFailure();
        if (outboundClosed) {
            throw new UncheckedIOException(new IOException("write after shutdown: the TLS stream's write "
                    + "direction is closed"));
        }
        boolean any = false;
        for (int i = offset; i < offset + length; i++) any |= srcs[i].hasRemaining();
        if (!any) return Poll.ready(0L);
        setWriteWaker(cx);
        try {
            for (;;) {
                if (!handshakeDone || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                    if (pollHandshake(cx).isPending()) return Poll.pending();
                }
                if (!flushNet(cx)) return Poll.pending(); // I3
                netOut.compact();
                SSLEngineResult r;
                try {
                    r = engine.wrap(srcs, offset, length, netOut);
                } finally {
                    netOut.flip();
                }
                switch (r.getStatus()) {
                    case OK -> {
                        if (r.bytesConsumed() > 0) {
                            flushNet(cx);
                            writeWaker = null; // I8
                            return Poll.ready((long) r.bytesConsumed());
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        packetBufferSize = Math.max(packetBufferSize, engine.getSession().getPacketBufferSize());
                        netOut = grow(netOut, Math.max(packetBufferSize, netOut.capacity() * 2));
                    }
                    case CLOSED -> throw new SSLException("the TLS session is closed for writing");
                    case BUFFER_UNDERFLOW -> throw new AssertionError("wrap underflow");
                }
            }
        } catch (SSLException e) {
            throw fail(cx, e);
        }
    }

    /**
     * A future that writes all of {@code src} and then flushes, so every byte is on the socket when it completes.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written ({@code src}'s position says how
     * much); the last record may still be buffered in the stream (a later write or flush sends it).
     */
    @Override
    public Future<Void> writeAll(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                while (src.hasRemaining()) {
                    if (pollWrite(cx, src).isPending()) return Poll.pending();
                }
                return pollFlush(cx);
            }

            @Override
            public void cancel() {
                cancelWrite();
            }
        };
    }

    /**
     * Sends the buffered record (if any); {@code Ready} once nothing is left in the stream.
     *
     * @throws UncheckedIOException when the socket fails or the stream has failed
     */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        checkFailure();
        setWriteWaker(cx);
        if (!flushNet(cx)) return Poll.pending();
        writeWaker = null; // I8
        return Poll.ready(null);
    }

    /**
     * Sends {@code close_notify} (once), flushes it and then shuts TCP's write direction (FIN); {@code Ready} once
     * done. Reading still works until the peer's {@code close_notify}. On a failed stream it only sends FIN.
     *
     * @throws UncheckedIOException when the socket fails
     */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        setWriteWaker(cx);
        if (failure == null) {
            if (!outboundClosed) {
                outboundClosed = true;
                engine.closeOutbound();
            }
            try {
                while (!engine.isOutboundDone()) {
                    if (netOut.capacity() - netOut.remaining() < packetBufferSize && !flushNet(cx)) {
                        return Poll.pending();
                    }
                    netOut.compact();
                    SSLEngineResult r;
                    try {
                        r = engine.wrap(EMPTY, netOut);
                    } finally {
                        netOut.flip();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        if (!flushNet(cx)) return Poll.pending();
                        netOut = grow(netOut, Math.max(packetBufferSize, netOut.capacity() * 2)); // I9
                    } else if (r.bytesProduced() == 0) {
                        break; // nothing more to send (e.g. the engine never started)
                    }
                }
            } catch (SSLException e) {
                throw fail(cx, e);
            }
            if (!flushNet(cx)) return Poll.pending();
        }
        writeWaker = null; // I8
        if (!finSent) {
            finSent = true;
            enter(cx);
            try {
                return tcp.pollShutdown(inner);
            } finally {
                charge(cx);
            }
        }
        return Poll.ready(null);
    }

    /**
     * Closes the socket at once, without {@code close_notify} (use {@link #shutdown()} first for a graceful
     * close). Idempotent.
     */
    @Override
    public void close() {
        engine.closeOutbound();
        tcp.close();
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** Writes netOut to the socket; true once it is empty, false when the socket is full (waker registered). */
    private boolean flushNet(Context cx) {
        while (netOut.hasRemaining()) {
            enter(cx);
            Poll<Integer> p;
            try {
                p = tcp.pollWrite(inner, netOut); // I8
            } finally {
                charge(cx);
            }
            if (p.isPending()) return false;
        }
        return true;
    }

    /** I8: arms `inner` (waker `fanout`, cx's runtime and budget) for one socket call on behalf of {@code cx}. */
    private void enter(Context cx) {
        inner = innerChild.enter(cx, fanout);
    }

    /** I8: charges {@code cx} with the budget `inner` consumed. */
    private void charge(Context cx) {
        innerChild.exit(cx);
    }

    private void setWriteWaker(Context cx) {
        if (writeWaker != cx.waker()) writeWaker = cx.waker(); // I8
    }

    private Poll<Integer> readReady(int n) {
        readWaker = null; // I8
        return Poll.ready(n);
    }

    private void wakeBoth() {
        Waker r = readWaker;
        Waker w = writeWaker;
        if (r != null) r.wake();
        if (w != null && w != r) w.wake();
    }

    /** Wraps one handshake message into netOut (flushing first when it has no room for a record). */
    private boolean wrapHandshake(Context cx) throws SSLException {
        if (netOut.capacity() - netOut.remaining() < packetBufferSize && !flushNet(cx)) return false;
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(EMPTY, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            if (!flushNet(cx)) return false;
            packetBufferSize = Math.max(packetBufferSize, engine.getSession().getPacketBufferSize());
            netOut = grow(netOut, Math.max(packetBufferSize, netOut.capacity() * 2));
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            // our close_notify or an alert: send it; a handshake that wanted more fails on the next step
            flushNet(cx);
            if (!engine.isOutboundDone() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                if (r.bytesProduced() == 0) throw new SSLException("the TLS engine closed during the handshake");
            }
        }
        return true;
    }

    /** I7: runs the engine's delegated tasks; false while they run on the blocking pool (waker registered). */
    private boolean runTasks(Context cx) {
        if (taskMode == TlsConfig.DelegatedTasks.INLINE) {
            Runnable t;
            while ((t = engine.getDelegatedTask()) != null) t.run();
            return true;
        }
        if (pendingTasks == null) {
            List<Runnable> tasks = new ArrayList<>(2);
            Runnable t;
            while ((t = engine.getDelegatedTask()) != null) tasks.add(t);
            pendingTasks = Tasks.spawnBlocking(() -> {
                for (Runnable task : tasks) task.run();
                return null;
            });
        }
        Poll<Void> p;
        enter(cx);
        try {
            p = pendingTasks.poll(inner); // I8
        } catch (JoinError e) {
            pendingTasks = null;
            throw new UncheckedIOException(new SSLException("a delegated TLS task failed", e));
        } finally {
            charge(cx);
        }
        if (p.isPending()) return false;
        pendingTasks = null;
        return true;
    }

    /** Records the failure (I6), sends the engine's alert if the socket takes it now, and returns the exception. */
    private UncheckedIOException fail(Context cx, SSLException e) {
        UncheckedIOException u = new UncheckedIOException(e);
        failure = u;
        try {
            netOut.compact();
            try {
                engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            flushNet(cx);
        } catch (SSLException | UncheckedIOException | IllegalStateException ignored) {
            // best effort only: the stream has failed either way
        }
        return u;
    }

    private void checkFailure() {
        UncheckedIOException f = failure;
        if (f != null) throw new UncheckedIOException(f.getMessage(), f.getCause());
    }

    /** A pending read future was cancelled: forget its waker; withdraw the socket's interest if nobody waits. */
    private void cancelRead() {
        readWaker = null;
        if (writeWaker == null) withdrawInterest();
    }

    /** A pending write-side future was cancelled: as {@link #cancelRead()}. */
    private void cancelWrite() {
        writeWaker = null;
        if (readWaker == null) withdrawInterest();
    }

    /** Withdraws the socket's read and write interest (no future of this stream waits any more). */
    private void withdrawInterest() {
        tcp.read(EMPTY).cancel();
        tcp.write(EMPTY).cancel();
    }

    private static int transfer(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        if (n == from.remaining()) {
            to.put(from);
        } else {
            int limit = from.limit();
            from.limit(from.position() + n);
            to.put(from);
            from.limit(limit);
        }
        return n;
    }

    /** A larger buffer (read mode) holding {@code b}'s remaining bytes. */
    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer n = ByteBuffer.allocate(Math.max(capacity, b.remaining()));
        n.put(b);
        return n.flip();
    }

    @Override
    public String toString() {
        return "TlsStream[" + (engine.getUseClientMode() ? "client" : "server") + ", "
                + (handshakeDone ? engine.getSession().getProtocol() + ", alpn=" + applicationProtocol().orElse("-")
                : "handshaking") + ", " + tcp + "]";
    }
}

package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.time.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A connected TCP stream: Tokio's {@code TcpStream}. Made by {@link #connect} or {@link TcpListener#accept()};
 * reads and writes through {@link AsyncRead} and {@link AsyncWrite}.
 * {@snippet class=dev.weft.net.snippets.NetSnippets region=client}
 *
 * <p><b>Ownership.</b> One task at a time reads and one task at a time writes (they may be the same task).
 * {@link #split()} hands the two directions to independently owned halves. Futures of a stream use the I/O
 * driver of the runtime polling them; a stream stays with the runtime that made it.
 *
 * <p><b>Errors.</b> I/O failures (connection reset, broken pipe, closed stream) surface as
 * {@link UncheckedIOException} with the original {@link IOException} as cause. End of stream is a read of
 * {@code -1}, not an error.
 *
 * <p><b>Memory effects.</b> None beyond the bytes themselves: a write on one stream and the matching read on
 * its peer are not a Java happens-before edge (the data crosses the kernel).
 */
public final class TcpStream implements AsyncRead, AsyncWrite, AutoCloseable {
    private final StreamIo io;
    private boolean split;

    TcpStream(StreamIo io) {
        this.io = io;
    }

    /**
     * A future that connects to {@code address}. The socket is opened at the first poll.
     *
     * <p><b>Cancel safety:</b> cancelling an unfinished connect closes the half-open socket; nothing else is
     * lost (no stream was handed out).
     *
     * <p>The future fails with {@link UncheckedIOException} (cause e.g. {@link java.net.ConnectException}) when
     * the connection cannot be made.
     *
     * @throws NullPointerException when {@code address} is null
     * @throws IllegalArgumentException when {@code address} is not a resolved {@link InetSocketAddress}
     */
    public static Future<TcpStream> connect(SocketAddress address) {
        Net.requireResolvedInet(address);
        return new Connect<>(address, null, TcpStream::new, "TcpStream.connect");
    }

    /**
     * A future that connects to {@code address}, giving up after {@code timeout} ({@link Time#timeout}).
     *
     * <p><b>Cancel safety:</b> as {@link #connect(SocketAddress)}; on timeout the half-open socket is closed and
     * the future fails with {@link dev.weft.time.TimeoutElapsedException}.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code address} is not a resolved {@link InetSocketAddress} or
     *         {@code timeout} is not positive
     */
    public static Future<TcpStream> connect(SocketAddress address, Duration timeout) {
        Net.positiveTimeout(timeout);
        return Time.timeout(timeout, connect(address));
    }

    /**
     * Polls a read into {@code dst}; see {@link AsyncRead#pollRead}.
     *
     * @throws UncheckedIOException when the read fails (e.g. connection reset) or the stream is closed
     * @throws IllegalStateException when the stream was {@link #split()}
     */
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return live().pollRead(cx, dst);
    }

    /**
     * Polls a write from {@code src}; see {@link AsyncWrite#pollWrite}.
     *
     * @throws UncheckedIOException when the write fails (e.g. broken pipe) or the stream is closed
     * @throws IllegalStateException when the stream was {@link #split()}
     */
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return live().pollWrite(cx, src);
    }

    /** Always {@code Ready}: a TCP stream has no user-space buffer. */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        return Poll.ready(null);
    }

    /**
     * Shuts the write direction down (sends FIN); {@code Ready} at once.
     *
     * @throws UncheckedIOException when the stream is closed
     */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return live().pollShutdown();
    }

    /**
     * A future of one read into {@code dst}: the bytes read, or -1 at end of stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no bytes were read; cancelling
     * also withdraws the read interest from the I/O driver.
     */
    @Override
    public Future<Integer> read(ByteBuffer dst) {
        return live().read(dst);
    }

    /**
     * A future that fills {@code dst}; fails with {@link java.io.EOFException} (wrapped) if the stream ends first.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: bytes read before cancellation are in {@code dst}.
     */
    @Override
    public Future<Void> readExact(ByteBuffer dst) {
        return live().readExact(dst);
    }

    /**
     * A future of one write from {@code src}: the bytes written.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was written.
     */
    @Override
    public Future<Integer> write(ByteBuffer src) {
        return live().write(src);
    }

    /**
     * A future that writes all of {@code src}, waiting while the socket's send buffer is full (backpressure).
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written ({@code src}'s position says how
     * much).
     */
    @Override
    public Future<Void> writeAll(ByteBuffer src) {
        return live().writeAll(src);
    }

    /**
     * Shuts the write direction down: the peer reads end of stream; this side can still read.
     *
     * @throws UncheckedIOException when the stream is closed
     */
    public void shutdownOutput() {
        live().shutdownOutput();
    }

    /**
     * Splits the stream into a read half and a write half that different tasks own independently (Tokio's
     * {@code into_split}). The stream itself may not be used afterwards; the socket is closed once both halves
     * are closed.
     *
     * @throws IllegalStateException when the stream was already split
     */
    public StreamHalves split() {
        StreamIo s = live();
        split = true;
        s.addOwner();
        return new StreamHalves(new ReadHalf(s), new WriteHalf(s));
    }

    /** Sets {@code TCP_NODELAY} (disables Nagle's algorithm when {@code true}). */
    public void setNoDelay(boolean noDelay) {
        set(StandardSocketOptions.TCP_NODELAY, noDelay);
    }

    /** Whether {@code TCP_NODELAY} is set. */
    public boolean noDelay() {
        return get(StandardSocketOptions.TCP_NODELAY);
    }

    /** Sets {@code SO_KEEPALIVE}. */
    public void setKeepAlive(boolean keepAlive) {
        set(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
    }

    /** Whether {@code SO_KEEPALIVE} is set. */
    public boolean keepAlive() {
        return get(StandardSocketOptions.SO_KEEPALIVE);
    }

    /**
     * Sets {@code SO_LINGER}: {@code null} disables it; {@link Duration#ZERO} makes {@link #close()} reset the
     * connection (RST) instead of a graceful FIN.
     *
     * @throws IllegalArgumentException when {@code linger} is negative
     */
    public void setLinger(Duration linger) {
        if (linger != null && linger.isNegative()) {
            throw new IllegalArgumentException("linger: " + linger + " (expected: >= 0 or null)");
        }
        set(StandardSocketOptions.SO_LINGER, linger == null ? -1 : (int) Math.min(Integer.MAX_VALUE, linger.toSeconds()));
    }

    /** The address of the peer. @throws UncheckedIOException when the stream is closed */
    public InetSocketAddress peerAddress() {
        return (InetSocketAddress) io.peerAddress();
    }

    /** The local address of the stream. @throws UncheckedIOException when the stream is closed */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) io.localAddress();
    }

    /**
     * Closes the stream: deregisters it from the I/O driver at once and closes the socket. Idempotent. After
     * {@link #split()} this closes the socket under both halves.
     */
    @Override
    public void close() {
        io.closeNow();
    }

    private StreamIo live() {
        if (split) throw new IllegalStateException("this TcpStream was split(): use its ReadHalf and WriteHalf");
        return io;
    }

    private <T> void set(SocketOption<T> option, T value) {
        try {
            io.io.channel.setOption(option, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T get(SocketOption<T> option) {
        try {
            return io.io.channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TcpStream[" + io.io.channel + "]";
    }
}

package dev.weft.net;

import dev.weft.future.Future;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.time.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
public final class TcpStream extends ConnectedStream {
    TcpStream(StreamIo io) {
        super(io);
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
     * <p>{@code SO_LINGER} counts whole seconds (the Java socket option is an {@code int} of seconds), so a
     * duration with a fractional part is rounded <em>up</em> to the next whole second: 500 ms lingers 1 s
     * rather than becoming 0, which would turn a graceful close into a reset. Only {@link Duration#ZERO}
     * requests the reset. {@link #linger()} reads back the value in effect.
     *
     * @throws IllegalArgumentException when {@code linger} is negative
     */
    public void setLinger(@Nullable Duration linger) {
        if (linger != null && linger.isNegative()) {
            throw new IllegalArgumentException("linger: " + linger + " (expected: >= 0 or null)");
        }
        set(StandardSocketOptions.SO_LINGER, linger == null ? -1 : lingerSeconds(linger));
    }

    /** Whole seconds, rounded up: a positive linger never becomes 0 (which would make close() reset). */
    private static int lingerSeconds(Duration linger) {
        long s = linger.getSeconds() + (linger.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    /**
     * The {@code SO_LINGER} setting in whole seconds, or empty when it is disabled.
     *
     * @throws UncheckedIOException when the stream is closed
     */
    public Optional<Duration> linger() {
        int s = get(StandardSocketOptions.SO_LINGER);
        return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
    }

    /** The address of the peer. @throws UncheckedIOException when the stream is closed */
    public InetSocketAddress peerAddress() {
        return (InetSocketAddress) io.peerAddress();
    }

    /** The local address of the stream. @throws UncheckedIOException when the stream is closed */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) io.localAddress();
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

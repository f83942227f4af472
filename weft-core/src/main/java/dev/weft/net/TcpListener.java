package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;

/**
 * A TCP socket listening for connections: Tokio's {@code TcpListener}.
 * {@snippet class=dev.weft.net.snippets.NetSnippets region=echoServer}
 *
 * <p>Binding is immediate (no runtime needed); the listener is registered with the I/O driver of the runtime
 * that first polls {@link #accept()}, and stays with that runtime. Accepting is done by one task at a time.
 * {@code SO_REUSEADDR} is set, as Tokio does on Unix.
 */
public final class TcpListener implements AutoCloseable {
    /** The backlog used by {@link #bind(SocketAddress)}: 1024, as Tokio. */
    public static final int DEFAULT_BACKLOG = 1024;

    private final Acceptor acceptor;

    private TcpListener(ServerSocketChannel channel) {
        this.acceptor = new Acceptor(channel, "TcpListener", "TcpStream");
    }

    /**
     * Binds a listener to {@code address} with a backlog of {@value #DEFAULT_BACKLOG}. Port 0 picks a free port
     * (see {@link #localAddress()}).
     *
     * @throws NullPointerException when {@code address} is null
     * @throws UncheckedIOException when the address cannot be bound (e.g. it is in use)
     */
    public static TcpListener bind(SocketAddress address) {
        return bind(address, DEFAULT_BACKLOG);
    }

    /**
     * Binds a listener to {@code host:port} (the host name is resolved on the calling thread).
     *
     * @throws NullPointerException when {@code host} is null
     * @throws IllegalArgumentException when {@code port} is not in [0, 65535] or {@code host} cannot be resolved
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static TcpListener bind(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) throw new IllegalArgumentException("host: " + host + " (expected: a resolvable host)");
        return bind(a);
    }

    /**
     * Binds a listener to {@code address} with a backlog of {@code backlog} pending connections.
     *
     * @throws NullPointerException when {@code address} is null
     * @throws IllegalArgumentException when {@code backlog < 1} or {@code address} is not an unresolved-free
     *         {@link InetSocketAddress}
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static TcpListener bind(SocketAddress address, int backlog) {
        Objects.requireNonNull(address, "address");
        if (backlog < 1) throw new IllegalArgumentException("backlog: " + backlog + " (expected: >= 1)");
        Net.requireResolvedInet(address);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.configureBlocking(false);
            ch.bind(address, backlog);
            return new TcpListener(ch);
        } catch (IOException e) {
            Net.closeQuietly(ch, e);
            throw new UncheckedIOException("bind " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * A future of the next incoming connection.
     *
     * <p><b>Cancel safety:</b> cancel-safe: a connection is taken from the listener only in the poll that
     * returns it, so a cancelled {@code accept()} (e.g. the losing branch of a select) loses no connection.
     *
     * <p>The future fails with {@link UncheckedIOException} when the listener is closed (also while it is
     * pending: closing wakes it) or the accept fails.
     */
    public Future<TcpStream> accept() {
        return acceptor.accept(TcpStream::new);
    }

    /**
     * Polls for the next incoming connection: {@code Ready} with it, or {@code Pending} after registering the
     * waker. For combinator authors; see {@link #accept()}.
     *
     * @throws UncheckedIOException when the listener is closed or the accept fails
     */
    public Poll<TcpStream> pollAccept(Context cx) {
        return acceptor.pollAccept(cx, TcpStream::new);
    }

    /**
     * The address the listener is bound to (with the actual port when bound to port 0).
     *
     * @throws UncheckedIOException when the listener is closed
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) acceptor.localAddress();
    }

    /**
     * Closes the listener: deregisters it from the I/O driver at once (a pending accept is woken and fails) and
     * closes the socket. Idempotent.
     */
    @Override
    public void close() {
        acceptor.close();
    }

    @Override
    public String toString() {
        return "TcpListener[" + acceptor.io.channel + "]";
    }
}

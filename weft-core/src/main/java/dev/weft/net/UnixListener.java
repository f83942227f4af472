package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Unix domain stream socket listening for connections: Tokio's {@code UnixListener}.
 *
 * <p>Binding creates the socket file; {@link #close()} does not delete it (as in Tokio), delete it yourself.
 * Accepting is done by one task at a time.
 */
public final class UnixListener implements AutoCloseable {
    private final Acceptor acceptor;

    private UnixListener(ServerSocketChannel channel) {
        this.acceptor = new Acceptor(channel, "UnixListener", "UnixStream");
    }

    /**
     * Binds a listener to the socket file {@code path}.
     *
     * @throws NullPointerException when {@code path} is null
     * @throws UncheckedIOException when the socket cannot be bound (e.g. the file exists)
     */
    public static UnixListener bind(Path path) {
        Objects.requireNonNull(path, "path");
        return bind(UnixDomainSocketAddress.of(path));
    }

    /**
     * Binds a listener to {@code address}.
     *
     * @throws NullPointerException when {@code address} is null
     * @throws UncheckedIOException when the socket cannot be bound
     */
    public static UnixListener bind(UnixDomainSocketAddress address) {
        Objects.requireNonNull(address, "address");
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.configureBlocking(false);
            ch.bind(address, TcpListener.DEFAULT_BACKLOG);
            return new UnixListener(ch);
        } catch (IOException e) {
            Net.closeQuietly(ch, e);
            throw new UncheckedIOException("bind " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * A future of the next incoming connection.
     *
     * <p><b>Cancel safety:</b> cancel-safe: a connection is taken from the listener only in the poll that
     * returns it. The future fails with {@link UncheckedIOException} when the listener is closed.
     */
    public Future<UnixStream> accept() {
        return acceptor.accept(UnixStream::new);
    }

    /**
     * Polls for the next incoming connection; see {@link #accept()}.
     *
     * @throws UncheckedIOException when the listener is closed or the accept fails
     */
    public Poll<UnixStream> pollAccept(Context cx) {
        return acceptor.pollAccept(cx, UnixStream::new);
    }

    /** The address the listener is bound to. @throws UncheckedIOException when closed */
    public UnixDomainSocketAddress localAddress() {
        return (UnixDomainSocketAddress) acceptor.localAddress();
    }

    /** Deregisters and closes the listener (a pending accept fails); idempotent. The socket file remains. */
    @Override
    public void close() {
        acceptor.close();
    }
}

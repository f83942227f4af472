package dev.weft.net;

import dev.weft.future.Future;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A connected Unix domain stream socket: Tokio's {@code UnixStream}. Same ownership, error and cancel-safety
 * rules as {@link TcpStream}.
 */
public final class UnixStream extends ConnectedStream {
    UnixStream(StreamIo io) {
        super(io);
    }

    /**
     * A future that connects to the socket file {@code path}.
     *
     * <p><b>Cancel safety:</b> cancelling an unfinished connect closes the half-open socket.
     *
     * @throws NullPointerException when {@code path} is null
     */
    public static Future<UnixStream> connect(Path path) {
        Objects.requireNonNull(path, "path");
        return connect(UnixDomainSocketAddress.of(path));
    }

    /**
     * A future that connects to {@code address}; fails with {@link java.io.UncheckedIOException} when nobody
     * listens there.
     *
     * <p><b>Cancel safety:</b> cancelling an unfinished connect closes the half-open socket.
     *
     * @throws NullPointerException when {@code address} is null
     */
    public static Future<UnixStream> connect(UnixDomainSocketAddress address) {
        Objects.requireNonNull(address, "address");
        return new Connect<>(address, StandardProtocolFamily.UNIX, UnixStream::new, "UnixStream.connect");
    }

    /** The peer's address (often unnamed for a connecting client). */
    public UnixDomainSocketAddress peerAddress() {
        return (UnixDomainSocketAddress) io.peerAddress();
    }

    /** The local address (often unnamed for a connecting client). */
    public UnixDomainSocketAddress localAddress() {
        return (UnixDomainSocketAddress) io.localAddress();
    }
}

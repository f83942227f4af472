package dev.weft.net;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link ReadHalf} and {@link WriteHalf} share: the split stream's {@link StreamIo}, the addresses and the
 * once-only release of the half's ownership (StreamIo I2).
 */
abstract class StreamHalf implements AutoCloseable {
    final StreamIo io;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamHalf(StreamIo io) {
        this.io = io;
    }

    /** The address of the peer. @throws java.io.UncheckedIOException when the stream is closed */
    public SocketAddress peerAddress() {
        return io.peerAddress();
    }

    /** The local address. @throws java.io.UncheckedIOException when the stream is closed */
    public SocketAddress localAddress() {
        return io.localAddress();
    }

    /** True for the first call only: the caller then releases this half (once per handle, StreamIo I2). */
    final boolean markClosed() {
        return closed.compareAndSet(false, true);
    }
}

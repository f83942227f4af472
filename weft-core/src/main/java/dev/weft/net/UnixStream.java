package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A connected Unix domain stream socket: Tokio's {@code UnixStream}. Same ownership, error and cancel-safety
 * rules as {@link TcpStream}.
 */
public final class UnixStream implements AsyncRead, AsyncWrite, AutoCloseable {
    private final StreamIo io;
    private boolean split;

    UnixStream(StreamIo io) {
        this.io = io;
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

    /** Polls a read; see {@link AsyncRead#pollRead}. @throws java.io.UncheckedIOException when the read fails */
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return live().pollRead(cx, dst);
    }

    /** Polls a write; see {@link AsyncWrite#pollWrite}. @throws java.io.UncheckedIOException when it fails */
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return live().pollWrite(cx, src);
    }

    /** Always {@code Ready}: there is no user-space buffer. */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        return Poll.ready(null);
    }

    /** Shuts the write direction down; {@code Ready} at once. */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return live().pollShutdown();
    }

    /**
     * A future of one read: the bytes read, or -1 at end of stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no bytes were read.
     */
    @Override
    public Future<Integer> read(ByteBuffer dst) {
        return live().read(dst);
    }

    /**
     * A future that fills {@code dst}.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: bytes read before cancellation are in {@code dst}.
     */
    @Override
    public Future<Void> readExact(ByteBuffer dst) {
        return live().readExact(dst);
    }

    /**
     * A future of one write: the bytes written.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was written.
     */
    @Override
    public Future<Integer> write(ByteBuffer src) {
        return live().write(src);
    }

    /**
     * A future that writes all of {@code src}.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written.
     */
    @Override
    public Future<Void> writeAll(ByteBuffer src) {
        return live().writeAll(src);
    }

    /** Shuts the write direction down: the peer reads end of stream. */
    public void shutdownOutput() {
        live().shutdownOutput();
    }

    /**
     * Splits into independently owned halves; see {@link TcpStream#split()}.
     *
     * @throws IllegalStateException when already split
     */
    public StreamHalves split() {
        StreamIo s = live();
        split = true;
        s.addOwner();
        return new StreamHalves(new ReadHalf(s), new WriteHalf(s));
    }

    /** The peer's address (often unnamed for a connecting client). */
    public UnixDomainSocketAddress peerAddress() {
        return (UnixDomainSocketAddress) io.peerAddress();
    }

    /** The local address (often unnamed for a connecting client). */
    public UnixDomainSocketAddress localAddress() {
        return (UnixDomainSocketAddress) io.localAddress();
    }

    /** Deregisters and closes the socket; idempotent. */
    @Override
    public void close() {
        io.closeNow();
    }

    private StreamIo live() {
        if (split) throw new IllegalStateException("this UnixStream was split(): use its ReadHalf and WriteHalf");
        return io;
    }
}

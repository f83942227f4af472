package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * A UDP socket: Tokio's {@code UdpSocket}.
 * {@snippet class=dev.weft.net.snippets.NetSnippets region=udp}
 *
 * <p><b>Ownership.</b> One task at a time receives and one task at a time sends (they may differ: the two
 * directions wait independently). The socket is registered with the I/O driver of the runtime that first
 * polls one of its futures.
 *
 * <p>A datagram larger than the receive buffer's remaining space is truncated (the rest is discarded), as
 * with {@code recvfrom(2)}.
 */
public final class UdpSocket implements AutoCloseable {
    private final ChannelIo<DatagramChannel> io;

    private UdpSocket(DatagramChannel channel) {
        this.io = new ChannelIo<>(channel, null);
    }

    /**
     * What {@link #recvFrom} received: the sender's address and the datagram's length in bytes (as stored in the
     * buffer).
     *
     * @param sender the address the datagram came from
     * @param bytes the number of bytes written into the buffer
     */
    public record Received(SocketAddress sender, int bytes) {}

    /**
     * Binds a UDP socket to {@code address} (port 0 picks a free port).
     *
     * @throws NullPointerException when {@code address} is null
     * @throws IllegalArgumentException when {@code address} is not a resolved {@link InetSocketAddress}
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static UdpSocket bind(SocketAddress address) {
        InetSocketAddress a = Net.requireResolvedInet(address);
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.configureBlocking(false);
            ch.bind(a);
            return new UdpSocket(ch);
        } catch (IOException e) {
            Net.closeQuietly(ch, e);
            throw new UncheckedIOException("bind " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds a UDP socket to {@code host:port}.
     *
     * @throws IllegalArgumentException when {@code port} is not in [0, 65535] or {@code host} cannot be resolved
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static UdpSocket bind(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        return bind(new InetSocketAddress(host, port));
    }

    /**
     * Sets the default peer: {@link #send} goes there and {@link #recv} accepts datagrams from it only. Immediate
     * (UDP connect sends nothing).
     *
     * @throws IllegalArgumentException when {@code address} is not a resolved {@link InetSocketAddress}
     * @throws UncheckedIOException when the socket is closed
     */
    public void connect(SocketAddress address) {
        Net.requireResolvedInet(address);
        try {
            io.channel.connect(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls sending {@code src} (position to limit) as one datagram to {@code target}: {@code Ready} with the
     * bytes sent, or {@code Pending} when the send buffer is full.
     *
     * @throws UncheckedIOException when sending fails
     */
    public Poll<Integer> pollSendTo(Context cx, ByteBuffer src, SocketAddress target) {
        io.registration(cx, "UdpSocket.sendTo");
        if (!cx.consumeBudget()) return Poll.pending();
        int n;
        try {
            int before = src.remaining();
            n = io.channel.send(src, target);
            if (n == 0 && before != 0) {
                io.await(cx, SelectionKey.OP_WRITE, "UdpSocket.sendTo");
                return Poll.pending();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Poll.ready(n);
    }

    /**
     * Polls receiving one datagram into {@code dst}: {@code Ready} with its sender and length, or
     * {@code Pending}.
     *
     * @throws UncheckedIOException when receiving fails (e.g. {@link java.net.PortUnreachableException} on a
     *         connected socket)
     */
    public Poll<Received> pollRecvFrom(Context cx, ByteBuffer dst) {
        io.registration(cx, "UdpSocket.recvFrom");
        if (!cx.consumeBudget()) return Poll.pending();
        int before = dst.position();
        SocketAddress from;
        try {
            from = io.channel.receive(dst);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (from == null) {
            io.await(cx, SelectionKey.OP_READ, "UdpSocket.recvFrom");
            return Poll.pending();
        }
        return Poll.ready(new Received(from, dst.position() - before));
    }

    /**
     * A future that sends {@code src} as one datagram to {@code target}: the bytes sent.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was sent.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code target} is not a resolved {@link InetSocketAddress}
     */
    public Future<Integer> sendTo(ByteBuffer src, SocketAddress target) {
        Objects.requireNonNull(src, "src");
        Net.requireResolvedInet(target);
        return op(cx -> pollSendTo(cx, src, target), SelectionKey.OP_WRITE);
    }

    /**
     * A future that receives one datagram into {@code dst}: its sender and length.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no datagram was taken.
     *
     * @throws NullPointerException when {@code dst} is null
     * @throws IllegalArgumentException when {@code dst} has no remaining space
     */
    public Future<Received> recvFrom(ByteBuffer dst) {
        requireRoom(dst);
        return op(cx -> pollRecvFrom(cx, dst), SelectionKey.OP_READ);
    }

    /**
     * A future that sends {@code src} as one datagram to the {@linkplain #connect connected} peer.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was sent.
     *
     * @throws NullPointerException when {@code src} is null
     * @throws IllegalStateException when the socket is not connected
     */
    public Future<Integer> send(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        SocketAddress peer = requirePeer("send");
        return op(cx -> pollSendTo(cx, src, peer), SelectionKey.OP_WRITE);
    }

    /**
     * A future that receives one datagram from the {@linkplain #connect connected} peer: its length.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no datagram was taken.
     *
     * @throws NullPointerException when {@code dst} is null
     * @throws IllegalArgumentException when {@code dst} has no remaining space
     * @throws IllegalStateException when the socket is not connected
     */
    public Future<Integer> recv(ByteBuffer dst) {
        requireRoom(dst);
        requirePeer("recv");
        return op(cx -> {
            Poll<Received> p = pollRecvFrom(cx, dst);
            return p.isPending() ? Poll.pending() : Poll.ready(p.value().bytes());
        }, SelectionKey.OP_READ);
    }

    /** The local address (with the actual port when bound to port 0). @throws UncheckedIOException when closed */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) io.channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connected peer, or {@code null} when not connected. @throws UncheckedIOException when closed */
    public InetSocketAddress peerAddress() {
        try {
            return (InetSocketAddress) io.channel.getRemoteAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deregisters and closes the socket (pending futures are woken and fail); idempotent. */
    @Override
    public void close() {
        io.close();
    }

    private SocketAddress requirePeer(String what) {
        SocketAddress peer = peerAddress();
        if (peer == null) throw new IllegalStateException(what + ": the UdpSocket is not connected (call connect first)");
        return peer;
    }

    private static void requireRoom(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("dst: no remaining space (expected: remaining() > 0; a datagram that"
                    + " does not fit is truncated)");
        }
    }

    private <T> Future<T> op(Future<T> poll, int op) {
        return new Future<>() {
            @Override
            public Poll<T> poll(Context cx) {
                return poll.poll(cx);
            }

            @Override
            public void cancel() {
                io.clear(op);
            }
        };
    }
}

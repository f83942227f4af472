package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.io.Registration;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The non-blocking read/write machinery of a connected stream socket (TCP or Unix domain), shared by
 * {@link TcpStream}, {@link UnixStream} and their {@link ReadHalf}/{@link WriteHalf}.
 */
final class StreamIo {
    /*
     * Implementation notes
     *
     * Reads and writes follow the driver's readiness protocol (dev.weft.internal.io): try the non-blocking call;
     * on 0 bytes (would block) wait for OP_READ / OP_WRITE and return Pending; the wake-up leads to a retry.
     * I1. The read side is used by one task at a time and the write side by one task at a time; they are
     *     independent (separate waker slots in the registration), which is what makes split() sound.
     * I2. `owners` counts the handles that must be released before the channel is closed: 1 for a whole stream,
     *     2 after split(); the release that reaches 0 closes the channel (deregistering it first).
     * I3. Every read and write consumes one unit of the task's cooperative budget before touching the socket.
     * I4. `readDrained` (read side only, so I1 makes it single-threaded): a TCP read returned fewer bytes than
     *     asked, so the receive queue was empty at that moment (Linux's tcp_recvmsg returns less than asked only
     *     then). The next read asks the registration first (ChannelIo.awaitEdge) and returns Pending without the
     *     read(2) that would find nothing: what an HTTP connection does after each response. On the epoll driver
     *     every later arrival reports an edge (EpollRegistration I6), so awaitEdge waits only if none came; on
     *     the JDK selector driver awaitEdge always waits, which is as safe, since a level-triggered select reports
     *     bytes that arrived before the wait at once (and its read interest is usually still armed, NioRegistration
     *     I3, so the wait costs no system call either). This is Tokio's clear_readiness after a short read
     *     (poll_evented.rs), for the same kernels. It is cleared before that wait: the wake-up is the readiness,
     *     and the read after it goes to the socket. It is never set for Unix-domain sockets (their reads may stop
     *     short between two senders' messages).
     */
    final ChannelIo<SocketChannel> io;
    final String kind;
    private final AtomicInteger owners = new AtomicInteger(1);
    /** I4: TCP only. */
    private final boolean shortReadDrains;
    /** I4: the last TCP read was short; read side only (I1). */
    private boolean readDrained;

    StreamIo(ChannelIo<SocketChannel> io, String kind) {
        this.io = io;
        this.kind = kind;
        this.shortReadDrains = kind.equals("TcpStream");
    }

    StreamIo(SocketChannel channel, Registration registration, String kind) {
        this(new ChannelIo<>(channel, registration), kind);
    }

    Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        if (!dst.hasRemaining()) return Poll.ready(0);
        if (!cx.consumeBudget()) return Poll.pending(); // I3: the task was woken
        if (readDrained) { // I4: the queue was empty after the last read; no edge since means still empty
            readDrained = false;
            if (io.awaitEdge(cx, SelectionKey.OP_READ, kind + ".read")) return Poll.pending();
        }
        int asked = dst.remaining();
        int n;
        try {
            n = io.channel.read(dst);
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
        if (n > 0) {
            if (n < asked && shortReadDrains) readDrained = true; // I4
            return Poll.ready(n);
        }
        if (n < 0) return Poll.ready(n);
        io.await(cx, SelectionKey.OP_READ, kind + ".read");
        return Poll.pending();
    }

    Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        if (!src.hasRemaining()) return Poll.ready(0);
        if (!cx.consumeBudget()) return Poll.pending(); // I3
        int n;
        try {
            n = io.channel.write(src);
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
        if (n != 0) return Poll.ready(n);
        io.await(cx, SelectionKey.OP_WRITE, kind + ".write");
        return Poll.pending();
    }

    Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        boolean any = false;
        for (int i = offset; i < offset + length && !any; i++) any = srcs[i].hasRemaining();
        if (!any) return Poll.ready(0L);
        if (!cx.consumeBudget()) return Poll.pending(); // I3
        long n;
        try {
            n = io.channel.write(srcs, offset, length);
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
        if (n != 0) return Poll.ready(n);
        io.await(cx, SelectionKey.OP_WRITE, kind + ".write");
        return Poll.pending();
    }

    Poll<Void> pollShutdown() {
        shutdownOutput();
        return Poll.ready(null);
    }

    Future<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return pollRead(cx, dst);
            }

            @Override
            public void cancel() {
                io.clear(SelectionKey.OP_READ);
            }
        };
    }

    Future<Void> readExact(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                while (dst.hasRemaining()) {
                    Poll<Integer> p = pollRead(cx, dst);
                    if (p.isPending()) return Poll.pending();
                    if (p.value() < 0) {
                        throw new UncheckedIOException(new EOFException(
                                "end of stream with " + dst.remaining() + " bytes still expected"));
                    }
                }
                return Poll.ready(null);
            }

            @Override
            public void cancel() {
                io.clear(SelectionKey.OP_READ);
            }
        };
    }

    Future<Integer> write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return pollWrite(cx, src);
            }

            @Override
            public void cancel() {
                io.clear(SelectionKey.OP_WRITE);
            }
        };
    }

    Future<Void> writeAll(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                while (src.hasRemaining()) {
                    if (pollWrite(cx, src).isPending()) return Poll.pending();
                }
                return Poll.ready(null);
            }

            @Override
            public void cancel() {
                io.clear(SelectionKey.OP_WRITE);
            }
        };
    }

    void shutdownOutput() {
        try {
            io.channel.shutdownOutput();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
    }

    void shutdownInput() {
        try {
            io.channel.shutdownInput();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
    }

    SocketAddress localAddress() {
        try {
            return io.channel.getLocalAddress();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
    }

    SocketAddress peerAddress() {
        try {
            return io.channel.getRemoteAddress();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
    }

    /** split(): one more handle to release (I2). */
    void addOwner() {
        owners.incrementAndGet();
    }

    /** Releases one handle; the last one closes the channel (I2). Call at most once per handle. */
    void release() {
        if (owners.decrementAndGet() == 0) io.close();
    }

    /** Closes the channel now, whatever the other handles (deregisters first). */
    void closeNow() {
        io.close();
    }
}

package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.io.Registration;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

/** The accept loop shared by {@link TcpListener} and {@link UnixListener}. */
final class Acceptor {
    /*
     * Implementation notes
     *
     * I1. A connection is taken from the kernel's accept queue only inside the poll that returns it (accept()
     *     returns null otherwise), so cancelling a pending accept loses no connection (cancel-safe).
     * I2. An accepted channel is registered with the listener's driver before it is handed out; if that fails,
     *     the channel is closed.
     */
    final ChannelIo<ServerSocketChannel> io;
    private final String kind;
    private final String streamKind;

    Acceptor(ServerSocketChannel channel, String kind, String streamKind) {
        this.io = new ChannelIo<>(channel, null);
        this.kind = kind;
        this.streamKind = streamKind;
    }

    <S> Poll<S> pollAccept(Context cx, Function<StreamIo, S> wrap) {
        Registration reg = io.registration(cx, kind + ".accept");
        if (!cx.consumeBudget()) return Poll.pending();
        SocketChannel ch;
        try {
            ch = io.channel.accept();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
        if (ch == null) {
            Waits.record(cx.waker(), reg); // task dump: waits on the socket
            reg.await(SelectionKey.OP_ACCEPT, cx.waker());
            return Poll.pending();
        }
        try {
            return Poll.ready(wrap.apply(new StreamIo(ch, reg.driver().register(ch), streamKind))); // I2
        } catch (RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    <S> Future<S> accept(Function<StreamIo, S> wrap) {
        return new Future<>() {
            @Override
            public Poll<S> poll(Context cx) {
                return pollAccept(cx, wrap);
            }

            @Override
            public void cancel() {
                io.clear(SelectionKey.OP_ACCEPT);
            }
        };
    }

    SocketAddress localAddress() {
        try {
            return io.channel.getLocalAddress();
        } catch (IOException e) {
            throw ChannelIo.unchecked(e);
        }
    }

    void close() {
        io.close();
    }
}

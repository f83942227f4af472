package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.io.IoDriver;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

/**
 * The future of a non-blocking connect: opens and registers the channel at its first poll, then waits for
 * {@code OP_CONNECT} and finishes the connection. Cancelling it (or a failure) closes the half-open channel.
 */
final class Connect<S> implements Future<S> {
    /*
     * Implementation notes
     *
     * Owner-confined (one polling task at a time). I1. `io` is null before the first poll and after the future
     * completed or failed (the stream then owns the channel, or the channel is closed); cancel() closes `io`
     * only while the connect is in flight.
     */
    private final SocketAddress address;
    private final ProtocolFamily family;
    private final Function<StreamIo, S> wrap;
    private final String what;
    private ChannelIo<SocketChannel> io;
    private boolean started;

    Connect(SocketAddress address, ProtocolFamily family, Function<StreamIo, S> wrap, String what) {
        this.address = address;
        this.family = family;
        this.wrap = wrap;
        this.what = what;
    }

    @Override
    public Poll<S> poll(Context cx) {
        try {
            if (!started) {
                IoDriver driver = ChannelIo.driver(cx, what);
                started = true;
                SocketChannel ch = family == null ? SocketChannel.open() : SocketChannel.open(family);
                try {
                    io = new ChannelIo<>(ch, driver.register(ch));
                } catch (RuntimeException e) {
                    ch.close();
                    throw e;
                }
                if (ch.connect(address)) return done();
            } else if (io == null) {
                throw new IllegalStateException(what + " polled after it completed");
            } else if (io.channel.finishConnect()) {
                return done();
            }
        } catch (IOException e) {
            fail();
            throw ChannelIo.unchecked(e);
        } catch (RuntimeException e) {
            fail();
            throw e;
        }
        io.await(cx, SelectionKey.OP_CONNECT, what);
        return Poll.pending();
    }

    private Poll<S> done() {
        ChannelIo<SocketChannel> c = io;
        io = null;
        return Poll.ready(wrap.apply(new StreamIo(c, kind())));
    }

    private String kind() {
        return what.substring(0, what.indexOf('.'));
    }

    private void fail() {
        ChannelIo<SocketChannel> c = io;
        io = null;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the connect failure is what the caller sees
            }
        }
    }

    /** Closes the half-open channel (nothing to lose: no stream was handed out). */
    @Override
    public void cancel() {
        fail();
    }
}

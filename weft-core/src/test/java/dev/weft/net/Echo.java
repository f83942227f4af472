package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.io.IoDriver;
import dev.weft.internal.io.IoSource;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.nio.ByteBuffer;

/** Test helpers: a poll-style echo loop and access to the polling runtime's I/O driver. */
final class Echo<S extends AsyncRead & AsyncWrite & AutoCloseable> implements Future<Long> {
    private final S stream;
    private final ByteBuffer buf;
    private boolean writing;
    private long echoed;

    Echo(S stream, int bufferSize) {
        this.stream = stream;
        this.buf = ByteBuffer.allocate(bufferSize);
    }

    /** Echoes until end of stream, then closes the stream; the value is the number of bytes echoed. */
    @Override
    public Poll<Long> poll(Context cx) {
        for (;;) {
            if (writing) {
                while (buf.hasRemaining()) {
                    Poll<Integer> w = stream.pollWrite(cx, buf);
                    if (w.isPending()) return Poll.pending();
                    echoed += w.value();
                }
                buf.clear();
                writing = false;
            }
            Poll<Integer> r = stream.pollRead(cx, buf);
            if (r.isPending()) return Poll.pending();
            if (r.value() < 0) {
                close();
                return Poll.ready(echoed);
            }
            buf.flip();
            writing = true;
        }
    }

    @Override
    public void cancel() {
        close();
    }

    private void close() {
        try {
            stream.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A future of the polling runtime's I/O driver. */
    static Future<IoDriver> driver() {
        return cx -> Poll.ready(((IoSource) Contexts.ambient(cx)).ioDriver());
    }
}

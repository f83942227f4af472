package dev.weft.bench.connscale;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.net.TcpStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;

/**
 * One server-side connection of the connection-scale benchmark as a hand-written poll state machine: reads one
 * {@value ConnScale#MESSAGE_BYTES}-byte message, writes it back, then stays idle (a pending read, i.e. only an
 * OP_READ interest in the I/O driver) until the client closes (EOF), and closes its side.
 */
final class IdleEcho implements Future<Void> {
    /*
     * Implementation notes
     *
     * I1. Polled by one task at a time (the runtime's guarantee); no field is shared with other threads except
     *     through the latches, which are thread-safe.
     * I2. States in order: READING (fill buf to 64 bytes) -> WRITING (drain buf) -> IDLE (read until EOF) -> done.
     *     `echoed` is counted down exactly once, when WRITING finishes; `closed` exactly once, when the task ends
     *     (EOF, I/O error or cancel), so the driver can wait for every connection to go away.
     */
    private static final int READING = 0, WRITING = 1, IDLE = 2, DONE = 3;

    private final TcpStream s;
    private final CountDownLatch echoed;
    private final CountDownLatch closed;
    private final ConnScale.Errors errors;
    private ByteBuffer buf = ByteBuffer.allocate(ConnScale.MESSAGE_BYTES);
    private int state = READING;

    IdleEcho(TcpStream s, CountDownLatch echoed, CountDownLatch closed, ConnScale.Errors errors) {
        this.s = s;
        this.echoed = echoed;
        this.closed = closed;
        this.errors = errors;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        try {
            return step(cx);
        } catch (UncheckedIOException e) {
            if (state != IDLE) errors.record("server connection failed before its echo: " + e.getMessage());
            finish();
            return Poll.ready(null);
        }
    }

    private Poll<Void> step(Context cx) {
        if (state == READING) {
            while (buf.hasRemaining()) {
                Poll<Integer> r = s.pollRead(cx, buf);
                if (r.isPending()) return Poll.pending();
                if (r.value() < 0) {
                    errors.record("server: EOF after " + buf.position() + " of " + ConnScale.MESSAGE_BYTES + " bytes");
                    finish();
                    return Poll.ready(null);
                }
            }
            buf.flip();
            state = WRITING;
        }
        if (state == WRITING) {
            while (buf.hasRemaining()) {
                if (s.pollWrite(cx, buf).isPending()) return Poll.pending();
            }
            buf.clear();
            state = IDLE;
            echoed.countDown();
        }
        if (state == IDLE) {
            for (;;) {
                Poll<Integer> r = s.pollRead(cx, buf); // the client sends nothing more: this parks on OP_READ
                if (r.isPending()) return Poll.pending();
                if (r.value() < 0) break;
                errors.record("server: " + r.value() + " unexpected bytes on an idle connection");
                buf.clear();
            }
            finish();
        }
        return Poll.ready(null);
    }

    private void finish() {
        if (state == DONE) return;
        state = DONE;
        buf = null;
        s.close();
        closed.countDown();
    }

    @Override
    public void cancel() {
        finish();
    }
}

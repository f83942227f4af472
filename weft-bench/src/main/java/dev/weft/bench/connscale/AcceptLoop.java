package dev.weft.bench.connscale;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.task.Tasks;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Accepts {@code expected} connections, spawning one {@link IdleEcho} task (or, when {@code async}, one
 * {@link AsyncIdleEcho} async block) for each, then completes.
 */
final class AcceptLoop implements Future<Void> {
    /*
     * Implementation notes
     *
     * I1. Polled by one task at a time; `remaining` is task-confined.
     * I2. An accept failure (e.g. EMFILE when the descriptor limit is reached) is recorded in `errors` and ends the
     *     loop: the driver sees the error and fails the run instead of waiting for echoes that never come.
     */
    private final TcpListener listener;
    private final CountDownLatch echoed;
    private final CountDownLatch closed;
    private final ConnScale.Errors errors;
    private final boolean async;
    private int remaining;

    AcceptLoop(TcpListener listener, int expected, boolean async, CountDownLatch echoed, CountDownLatch closed,
               ConnScale.Errors errors) {
        this.listener = listener;
        this.remaining = expected;
        this.async = async;
        this.echoed = echoed;
        this.closed = closed;
        this.errors = errors;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        while (remaining > 0) {
            Poll<TcpStream> p;
            try {
                p = listener.pollAccept(cx);
            } catch (UncheckedIOException e) {
                errors.record("accept failed after " + (echoed.getCount()) + " outstanding echoes: " + e.getMessage());
                return Poll.ready(null);
            }
            if (p.isPending()) return Poll.pending();
            TcpStream s = p.value();
            if (async) Tasks.spawnAsync(() -> AsyncIdleEcho.serve(s, echoed, closed, errors));
            else Tasks.spawn(new IdleEcho(s, echoed, closed, errors));
            remaining--;
        }
        return Poll.ready(null);
    }
}

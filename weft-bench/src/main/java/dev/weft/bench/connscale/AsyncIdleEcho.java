package dev.weft.bench.connscale;

import dev.weft.net.TcpStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;

/**
 * The async-block variant of {@link IdleEcho} (run with {@code --impl weft-async}): the same protocol written as
 * straight-line code on a virtual thread, so each idle connection also keeps a parked virtual thread's stack.
 */
final class AsyncIdleEcho {
    private AsyncIdleEcho() {}

    /** Reads one message, echoes it, waits for EOF; counts down {@code echoed} once and {@code closed} at the end. */
    static Void serve(TcpStream s, CountDownLatch echoed, CountDownLatch closed, ConnScale.Errors errors) {
        boolean idle = false;
        try (s) {
            ByteBuffer buf = ByteBuffer.allocate(ConnScale.MESSAGE_BYTES);
            s.readExact(buf).await();
            buf.flip();
            s.writeAll(buf).await();
            echoed.countDown();
            idle = true;
            for (buf.clear(); s.read(buf).await() >= 0; buf.clear()) {
                errors.record("server: unexpected bytes on an idle connection");
            }
        } catch (UncheckedIOException e) {
            if (!idle) errors.record("server connection failed before its echo: " + e.getMessage());
        } finally {
            closed.countDown();
        }
        return null;
    }
}

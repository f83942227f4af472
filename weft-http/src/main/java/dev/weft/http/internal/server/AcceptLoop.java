package dev.weft.http.internal.server;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The accept loop of a server: one task that accepts connections and spawns one {@link Http1Connection} task
 * per connection, pausing at the connection cap.
 */
public final class AcceptLoop implements Future<Void> {
    /*
     * Implementation notes
     *
     * I1. At the cap (ServerContext.active >= maxConnections) the loop registers on ServerContext.capacity and
     *     re-checks the count before waiting (a connection ending in between has woken it or is seen), so a
     *     freed slot is never missed; meanwhile the kernel's backlog holds new connections. With
     *     rejectOverCapacity the loop keeps accepting and each connection past the cap is answered 503.
     * I2. An accept error other than a closed listener (EMFILE / ENFILE: out of file descriptors, ECONNABORTED)
     *     never ends the loop: it backs off for ACCEPT_BACKOFF and tries again, like hyper's and Tokio's accept
     *     loops, so fd exhaustion slows the server down instead of killing it.
     * I3. The loop ends when the listener is closed (shutdown) or its task is aborted.
     * I4. With ServerConfig.tls set, each accepted socket is wrapped in a server TlsStream here, but the
     *     handshake runs in the connection's task (Http1Connection I10), so a slow or silent client never
     *     holds up the accept loop.
     */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);

    private final TcpListener listener;
    private final ServerContext server;
    private Sleep backoff;
    private volatile boolean stopped;

    /** A loop accepting from {@code listener} for {@code server}. */
    public AcceptLoop(TcpListener listener, ServerContext server) {
        this.listener = listener;
        this.server = server;
    }

    /** Makes the loop end at its next poll (the listener is being closed). */
    public void stop() {
        stopped = true;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        int max = server.config.maxConnections();
        boolean reject = server.config.rejectOverCapacity();
        for (;;) {
            if (stopped || server.draining) return Poll.ready(null);
            if (backoff != null) {
                if (backoff.poll(cx).isPending()) return Poll.pending();
                backoff = null;
            }
            if (!reject && server.active.get() >= max) {
                server.capacity.register(cx.waker()); // I1
                if (server.active.get() >= max) return Poll.pending();
            }
            Poll<TcpStream> p;
            try {
                p = listener.pollAccept(cx);
            } catch (UncheckedIOException e) {
                if (stopped || server.draining) return Poll.ready(null); // I3
                backoff = Time.sleep(ACCEPT_BACKOFF); // I2
                continue;
            } catch (IllegalStateException e) {
                return Poll.ready(null); // closed listener
            }
            if (p.isPending()) return Poll.pending();
            TcpStream s = p.value();
            try {
                s.setNoDelay(true);
            } catch (RuntimeException ignored) {
                // the peer may already be gone; the connection task will find out
            }
            Transport t;
            try {
                t = server.config.tls() == null ? Transport.plain(s) : Transport.tls(s, server.config.tls()); // I4
            } catch (RuntimeException e) { // the engine cannot start: this connection only
                s.close();
                continue;
            }
            boolean over = server.active.incrementAndGet() > max;
            Http1Connection c = new Http1Connection(server, t, over);
            server.connections.add(c);
            JoinHandle<Void> h = Tasks.spawn(c);
            c.setHandle(h);
        }
    }
}

package dev.weft.http.internal.server;

import dev.weft.future.AtomicWaker;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one server's accept loop and connections share: the configuration and service, the live connections,
 * the drain flag and the shutdown counters.
 */
public final class ServerContext {
    /*
     * Implementation notes
     *
     * I1. `active` counts connections from accept until their task ends (finished, failed or aborted); every
     *     connection decrements it exactly once (Http1Connection I6), then wakes `capacity` (the paused accept
     *     loop) and, while draining, `drained` (the shutdown future).
     * I2. `draining` goes false -> true once (volatile). It is written before the shutdown wakes every
     *     connection in `connections`, and a connection registered later reads it on its first poll, so no
     *     connection misses the drain.
     * I3. `connections` holds every connection whose task has not ended; membership is the only thing the set
     *     is used for (iteration to wake or abort), so a weakly consistent iteration is enough: a connection
     *     added during the iteration sees `draining` (I2) and a connection removed has already ended.
     */
    final ServerConfig config;
    final Service<Request, Response> service;
    final AtomicInteger active = new AtomicInteger();
    final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    final AtomicWaker capacity = new AtomicWaker();
    final AtomicWaker drained = new AtomicWaker();
    final LongAdder requests = new LongAdder();
    final AtomicInteger idleClosed = new AtomicInteger();
    final AtomicInteger drainedConnections = new AtomicInteger();
    final AtomicInteger cut = new AtomicInteger();
    final AtomicInteger requestsCut = new AtomicInteger();
    volatile boolean draining;

    /** A context for a server with {@code config} answering through {@code service}. */
    public ServerContext(ServerConfig config, Service<Request, Response> service) {
        this.config = config;
        this.service = service;
    }

    /** The configuration. */
    public ServerConfig config() {
        return config;
    }

    /** The number of open connections. */
    public int activeConnections() {
        return active.get();
    }

    /** The number of requests answered so far (responses completely handed to the socket). */
    public long requestsServed() {
        return requests.sum();
    }

    /** Starts draining: every connection closes when idle and answers in-flight requests with close (I2). */
    public void startDrain() {
        draining = true;
        for (Http1Connection c : connections) c.wakeForDrain();
    }

    /** Whether a drain has started. */
    public boolean isDraining() {
        return draining;
    }

    /** Aborts every open connection (the shutdown deadline passed, or an immediate close). */
    public void abortAll() {
        for (Http1Connection c : connections) c.abort();
    }

    /** Registers the shutdown future's waker, woken whenever a connection ends while draining. */
    public void registerDrained(dev.weft.future.Waker waker) {
        drained.register(waker);
    }

    /** Registers the paused accept loop's waker, woken whenever a connection ends. */
    public void registerCapacity(dev.weft.future.Waker waker) {
        capacity.register(waker);
    }

    /** Counters for the shutdown report: idle closed, drained, cut, requests cut. */
    public int[] drainCounts() {
        return new int[] {idleClosed.get(), drainedConnections.get(), cut.get(), requestsCut.get()};
    }

    void connectionEnded(Http1Connection c) {
        connections.remove(c);
        active.decrementAndGet();
        capacity.wake();
        if (draining) drained.wake();
    }
}

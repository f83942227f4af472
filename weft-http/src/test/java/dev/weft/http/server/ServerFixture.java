package dev.weft.http.server;

import dev.weft.future.Async;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A server on 127.0.0.1:0 on its own two-worker runtime; closing it stops both. */
final class ServerFixture implements AutoCloseable {
    final WeftRuntime rt;
    final HttpServer server;

    ServerFixture(ServerConfig config, Service<Request, Response> service) {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
        server = rt.blockOn(Async.async(() -> HttpServer.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, service)));
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    RawClient client() {
        return new RawClient(address());
    }

    DrainReport shutdown(Duration deadline) {
        return rt.blockOn(server.shutdown(deadline));
    }

    /** Waits (by polling the condition, yielding the thread) until {@code condition} holds. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) throw new AssertionError("timed out waiting for: " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // re-check the condition each ms
        }
    }

    @Override
    public void close() {
        server.close();
        rt.close();
    }
}

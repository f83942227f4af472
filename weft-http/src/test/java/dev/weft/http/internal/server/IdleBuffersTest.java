package dev.weft.http.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import dev.weft.http.tls.SelfSignedCertificate;
import dev.weft.net.TcpListener;
import dev.weft.runtime.WeftRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Http1Connection I11: an idle keep-alive connection holds no read buffer and no output array. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleBuffersTest {
    private static final Service<Request, Response> PATH =
            Service.of(req -> Futures.ready(Response.text("path=" + req.path())));

    /** A server made of the internal pieces, so the test can reach its connections. */
    private static final class Server implements AutoCloseable {
        final WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build();
        final ServerContext ctx;
        final TcpListener listener;
        final AcceptLoop loop;

        Server(ServerConfig config) {
            ctx = new ServerContext(config, PATH);
            listener = rt.blockOn(Async.async(() -> TcpListener.bind(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
            loop = new AcceptLoop(listener, ctx);
            rt.spawn(loop);
        }

        Http1Connection only() {
            await("one connection", () -> ctx.connections.size() == 1);
            return ctx.connections.iterator().next();
        }

        @Override
        public void close() {
            loop.stop();
            listener.close();
            ctx.abortAll();
            rt.close();
        }
    }

    @Test
    void outputArrays_grownOnesUpToTheCapAreKeptOthersDropped() throws Exception {
        // a fresh thread: its own, empty IdleBuffers (I1)
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                IdleBuffers pool = IdleBuffers.local();
                byte[] grown = new byte[4 * IdleBuffers.OUT_SIZE];
                pool.giveOut(grown);
                assertThat(pool.takeOut()).isSameAs(grown);
                byte[] atCap = new byte[IdleBuffers.MAX_POOLED_OUT];
                pool.giveOut(atCap);
                assertThat(pool.takeOut()).isSameAs(atCap);
                pool.giveOut(new byte[IdleBuffers.MAX_POOLED_OUT + 1]);
                pool.giveOut(new byte[IdleBuffers.OUT_SIZE - 1]);
                byte[] fresh = pool.takeOut();
                assertThat(fresh).hasSize(IdleBuffers.OUT_SIZE); // neither was kept: a new standard array
                for (int i = 0; i <= IdleBuffers.SLOTS; i++) pool.giveOut(new byte[IdleBuffers.OUT_SIZE]);
                for (int i = 0; i < IdleBuffers.SLOTS; i++) assertThat(pool.takeOut()).isNotSameAs(fresh);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void idleKeepAlive_plain_releasesBuffersAndServesNextRequest() throws Exception {
        try (Server s = new Server(ServerConfig.defaults());
                Socket c = new Socket(InetAddress.getLoopbackAddress(), s.listener.localAddress().getPort())) {
            c.setSoTimeout(30_000);
            assertThat(exchange(c, "/one")).endsWith("path=/one");
            Http1Connection conn = s.only();
            await("the idle connection drops its read buffer", () -> !conn.holdsReadBuffer());
            assertThat(conn.holdsOutBuffer()).isFalse();

            assertThat(exchange(c, "/two")).startsWith("HTTP/1.1 200").endsWith("path=/two");
            await("idle again: buffers dropped again", () -> !conn.holdsReadBuffer() && !conn.holdsOutBuffer());
            assertThat(s.ctx.requestsServed()).isEqualTo(2);
        }
    }

    @Test
    void idleKeepAlive_tls_trimsStreamBuffersAndServesNextRequest() throws Exception {
        try (SelfSignedCertificate cert = SelfSignedCertificate.generate();
                Server s = new Server(ServerConfig.builder().tls(cert.serverConfig()).build());
                SSLSocket c = (SSLSocket) cert.clientContext().getSocketFactory().createSocket(
                        InetAddress.getLoopbackAddress(), s.listener.localAddress().getPort())) {
            c.setSoTimeout(30_000);
            assertThat(exchange(c, "/one")).endsWith("path=/one");
            Http1Connection conn = s.only();
            // the TLS stream's buffers go after TRANSPORT_TRIM_AFTER of idleness (about a second here)
            await("the idle TLS connection trims its stream", conn::transportTrimmed);
            assertThat(conn.holdsReadBuffer()).isFalse();
            assertThat(conn.holdsOutBuffer()).isFalse();

            assertThat(exchange(c, "/two")).startsWith("HTTP/1.1 200").endsWith("path=/two");
            assertThat(s.ctx.requestsServed()).isEqualTo(2);
        }
    }

    @Test
    void idleBuffers_takeAfterGive_reusesTheSameBufferEmpty() {
        IdleBuffers pool = IdleBuffers.local();
        var b = pool.takeRead();
        b.clear();
        b.put((byte) 1).flip();
        pool.giveRead(b);
        var again = pool.takeRead();
        assertThat(again).isSameAs(b);
        assertThat(again.hasRemaining()).isFalse();
        assertThat(again.capacity()).isEqualTo(IdleBuffers.READ_SIZE);
        pool.giveRead(java.nio.ByteBuffer.allocate(16)); // a foreign size is dropped, not pooled
        assertThat(pool.takeRead().capacity()).isEqualTo(IdleBuffers.READ_SIZE);
        byte[] a = pool.takeOut();
        pool.giveOut(a);
        assertThat(pool.takeOut()).isSameAs(a);
    }

    /** Sends a GET for {@code path} and reads one Content-Length response; returns head and body. */
    private static String exchange(Socket c, String path) throws IOException {
        OutputStream o = c.getOutputStream();
        o.write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        InputStream in = c.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int headEnd = -1;
        int length = -1;
        while (headEnd < 0 || got.size() < headEnd + length) {
            int b = in.read();
            if (b < 0) throw new IOException("EOF after " + got);
            got.write(b);
            if (headEnd < 0 && got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                headEnd = got.size();
                String head = got.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                int i = head.indexOf("content-length: ");
                length = Integer.parseInt(head.substring(i + 16, head.indexOf("\r\n", i)).trim());
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static void await(String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) throw new AssertionError("timed out waiting for: " + what);
            LockSupport.parkNanos(1_000_000); // re-check the condition each ms
        }
    }
}

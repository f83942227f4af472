package dev.weft.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Join2;
import dev.weft.future.Poll;
import dev.weft.io.Io;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsStreamTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static SelfSignedCertificate cert;

    private WeftRuntime rt;

    @BeforeAll
    static void generate() {
        cert = SelfSignedCertificate.generate();
    }

    @AfterAll
    static void delete() {
        cert.close();
    }

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    /** A Weft TLS echo server: accepts one connection, echoes until close_notify, then shuts down. */
    private JoinHandle<Long> weftEchoServer(TcpListener listener, TlsConfig config) {
        return rt.spawn(Async.async(() -> {
            TcpStream tcp = listener.accept().await();
            TlsStream tls = TlsStream.accept(tcp, config).await();
            try (tls) {
                long n = Io.copy(tls, tls).await();
                tls.shutdown().await();
                return n;
            }
        }));
    }

    private static byte[] readAll(TlsStream tls) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (;;) {
            buf.clear();
            int n = tls.read(buf).await();
            if (n < 0) return out.toByteArray();
            out.write(buf.array(), 0, n);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsConfig.DelegatedTasks.class)
    void echo_weftClientAndWeftServer_roundTripsWithAlpnAndCloseNotify(TlsConfig.DelegatedTasks mode) {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            JoinHandle<Long> server = weftEchoServer(listener, cert.serverConfig().withDelegatedTasks(mode));
            String echoed = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig().withDelegatedTasks(mode),
                        "localhost").await()) {
                    assertThat(tls.isHandshakeComplete()).isTrue();
                    assertThat(tls.applicationProtocol()).contains("http/1.1");
                    assertThat(tls.session().getProtocol()).isEqualTo("TLSv1.3");
                    assertThat(tls.peerCertificates()).first().isEqualTo(cert.certificate());
                    tls.writeAll(ByteBuffer.wrap("hello, tls".getBytes(StandardCharsets.UTF_8))).await();
                    tls.shutdown().await(); // close_notify: the server's copy ends, it echoes and closes
                    return new String(readAll(tls), StandardCharsets.UTF_8);
                }
            }));
            assertThat(echoed).isEqualTo("hello, tls");
            assertThat(rt.blockOn(server)).isEqualTo(10L);
        }
    }

    @Test
    void trimBuffers_betweenMessages_releasesAndTheStreamKeepsWorking() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, cert.serverConfig());
            String echoed = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await()) {
                    StringBuilder all = new StringBuilder();
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    for (int i = 0; i < 3; i++) {
                        assertThat(tls.trimBuffers()).isTrue(); // nothing buffered between round trips
                        tls.writeAll(ByteBuffer.wrap(("msg" + i).getBytes(StandardCharsets.UTF_8))).await();
                        buf.clear();
                        tls.readExact(buf.limit(4)).await();
                        all.append(new String(buf.array(), 0, 4, StandardCharsets.UTF_8));
                    }
                    assertThat(tls.trimBuffers()).isTrue();
                    tls.shutdown().await(); // close_notify from zero-capacity buffers
                    assertThat(readAll(tls)).isEmpty();
                    return all.toString();
                }
            }));
            assertThat(echoed).isEqualTo("msg0msg1msg2");
        }
    }

    @Test
    void echo_tls12Only_roundTrips() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, cert.serverConfig().withProtocols("TLSv1.2"));
            String echoed = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "127.0.0.1").await()) {
                    assertThat(tls.session().getProtocol()).isEqualTo("TLSv1.2");
                    tls.writeAll(ByteBuffer.wrap("twelve".getBytes(StandardCharsets.UTF_8))).await();
                    tls.shutdown().await();
                    return new String(readAll(tls), StandardCharsets.UTF_8);
                }
            }));
            assertThat(echoed).isEqualTo("twelve");
        }
    }

    @Test
    void echo_jdkSslSocketClientAgainstWeftServer_interoperates() throws Exception {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            JoinHandle<Long> server = weftEchoServer(listener, cert.serverConfig());
            int port = listener.localAddress().getPort();
            try (SSLSocket s = (SSLSocket) cert.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
                SSLParameters p = s.getSSLParameters();
                p.setApplicationProtocols(new String[] {"http/1.1"});
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
                byte[] msg = "from the JDK".getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(msg);
                s.getOutputStream().flush();
                byte[] back = s.getInputStream().readNBytes(msg.length);
                assertThat(back).isEqualTo(msg);
                s.shutdownOutput(); // close_notify (TLS 1.3 half-close)
                assertThat(s.getInputStream().read()).isEqualTo(-1); // the server's close_notify
            }
            assertThat(rt.blockOn(server)).isEqualTo(12L);
        }
    }

    /** A JDK SSLServerSocket peer running {@code body} on a platform thread for one accepted connection. */
    private static CompletableFuture<Void> jdkServer(SSLServerSocket ss, ThrowingConsumer<SSLSocket> body) {
        return CompletableFuture.runAsync(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                body.accept(s);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> new Thread(r, "jdk-tls-peer").start());
    }

    interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }

    private static SSLServerSocket jdkServerSocket() throws Exception {
        SSLServerSocket ss = (SSLServerSocket) cert.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SSLParameters p = ss.getSSLParameters();
        p.setApplicationProtocols(new String[] {"http/1.1"});
        ss.setSSLParameters(p);
        return ss;
    }

    @Test
    void transfer_8MiBBothWaysAgainstJdkServer_arrivesIntact() throws Exception {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        try (SSLServerSocket ss = jdkServerSocket()) {
            CompletableFuture<Void> peer = jdkServer(ss, s -> {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[7919]; // odd size: records and reads do not line up
                for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
                out.flush();
                s.shutdownOutput();
            });
            long crc = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(ss.getLocalSocketAddress()).await();
                TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await();
                try (tls) {
                    return transferBothWays(tls, data).await();
                }
            }));
            assertThat(crc).isEqualTo(crcOf(data));
            peer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void transfer_8MiBBothWaysWeftToWeft_arrivesIntact() {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            JoinHandle<Long> server = weftEchoServer(listener, cert.serverConfig());
            long crc = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await();
                try (tls) {
                    return transferBothWays(tls, data).await();
                }
            }));
            assertThat(crc).isEqualTo(crcOf(data));
            assertThat(rt.blockOn(server)).isEqualTo((long) size);
        }
    }

    /**
     * Writes {@code data} (in slices of varying size, then close_notify) while reading the echo in the same task
     * (Futures.join polls both), so neither side's socket buffers can fill up and deadlock; returns the echo's CRC.
     */
    private static Future<Long> transferBothWays(TlsStream tls, byte[] data) {
        Future<Void> writer = new Future<>() {
            int pos;
            final Random sizes = new Random(1);
            ByteBuffer slice;
            boolean shutdown;

            @Override
            public Poll<Void> poll(Context cx) {
                while (pos < data.length || slice != null && slice.hasRemaining()) {
                    if (slice == null || !slice.hasRemaining()) {
                        int n = Math.min(data.length - pos, 1 + sizes.nextInt(40_000));
                        slice = ByteBuffer.wrap(data, pos, n);
                        pos += n;
                    }
                    if (tls.pollWrite(cx, slice).isPending()) return Poll.pending();
                }
                if (!shutdown) {
                    if (tls.pollShutdown(cx).isPending()) return Poll.pending();
                    shutdown = true;
                }
                return Poll.ready(null);
            }
        };
        Future<Long> reader = new Future<>() {
            final CRC32 crc = new CRC32();
            final ByteBuffer buf = ByteBuffer.allocate(32 * 1024);

            @Override
            public Poll<Long> poll(Context cx) {
                for (;;) {
                    buf.clear().limit(1 + (int) (crc.getValue() % buf.capacity())); // sizes above and below a record
                    Poll<Integer> p = tls.pollRead(cx, buf);
                    if (p.isPending()) return Poll.pending();
                    if (p.value() < 0) return Poll.ready(crc.getValue());
                    buf.flip();
                    crc.update(buf);
                }
            }
        };
        return Futures.join(writer, reader).map(Join2::second);
    }

    private static long crcOf(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    @Test
    void read_peerSendsCloseNotifyMidStream_readsAllDataThenEndOfStream() throws Exception {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        try (SSLServerSocket ss = jdkServerSocket()) {
            CompletableFuture<Void> peer = jdkServer(ss, s -> {
                s.getOutputStream().write(data);
                s.getOutputStream().flush();
                // try-with-resources closes the socket: close_notify, while our side never wrote a byte
            });
            byte[] got = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(ss.getLocalSocketAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await()) {
                    return readAll(tls);
                }
            }));
            assertThat(got).isEqualTo(data);
            peer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void read_peerClosesTcpWithoutCloseNotify_failsWithTruncation() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch sent = new CountDownLatch(1);
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket tcp = raw.accept()) {
                    SSLSocket s = (SSLSocket) cert.serverContext().getSocketFactory()
                            .createSocket(tcp, "localhost", tcp.getPort(), false);
                    s.setUseClientMode(false);
                    s.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    sent.countDown();
                    // closing the TCP socket under the TLS layer: no close_notify is sent
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> new Thread(r, "jdk-tls-peer").start());
            UncheckedIOException error = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(raw.getLocalSocketAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await()) {
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    int n = tls.read(buf).await();
                    assertThat(new String(buf.array(), 0, n, StandardCharsets.UTF_8)).isEqualTo("partial");
                    try {
                        tls.read(buf.clear()).await();
                        return null;
                    } catch (UncheckedIOException e) {
                        return e;
                    }
                }
            }));
            assertThat(error).isNotNull();
            assertThat(error.getCause()).isInstanceOf(EOFException.class)
                    .hasMessageContaining("without TLS close_notify");
            peer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void read_cancelledWhilePending_losesNothingAndStreamStaysUsable() throws Exception {
        try (SSLServerSocket ss = jdkServerSocket()) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> peer = jdkServer(ss, s -> {
                s.startHandshake();
                go.await();
                s.getOutputStream().write("late".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                s.getInputStream().read(); // wait for our close_notify
            });
            String got = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(ss.getLocalSocketAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await()) {
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    Future<Integer> read = tls.read(buf);
                    boolean wasPending = Futures.<Boolean>pollFn(cx -> {
                        Poll<Integer> p = read.poll(cx);
                        if (p.isPending()) read.cancel();
                        return Poll.ready(p.isPending());
                    }).await();
                    assertThat(wasPending).isTrue();
                    assertThat(buf.position()).isZero();
                    go.countDown();
                    int n = tls.read(buf).await();
                    tls.shutdown().await();
                    return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
                }
            }));
            assertThat(got).isEqualTo("late");
            peer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void connect_cancelledDuringHandshake_closesTheSocket() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> {
                try (Socket s = raw.accept()) {
                    // never answers the ClientHello; reads until our side closes the socket
                    InputStream in = s.getInputStream();
                    int total = 0;
                    while (in.read() >= 0) total++;
                    return total;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> new Thread(r, "raw-peer").start());
            boolean wasPending = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(raw.getLocalSocketAddress()).await();
                Future<TlsStream> hs = TlsStream.connect(tcp, cert.clientConfig(), "localhost");
                return Futures.<Boolean>pollFn(cx -> {
                    Poll<TlsStream> p = hs.poll(cx);
                    if (p.isPending()) hs.cancel();
                    return Poll.ready(p.isPending());
                }).await();
            }));
            assertThat(wasPending).isTrue();
            // the peer saw a ClientHello and then end of stream: the socket was closed by cancel()
            assertThat(peer.get(30, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void connect_untrustedCertificate_failsWithSslHandshakeException() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            JoinHandle<Long> server = weftEchoServer(listener, cert.serverConfig());
            assertThatThrownBy(() -> rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                return TlsStream.connect(tcp, TlsConfig.client(), "localhost").await(); // JDK cacerts only
            }))).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                    .satisfies(e -> assertThat(causeOfType(e, SSLHandshakeException.class)).isNotNull());
            assertThatThrownBy(() -> rt.blockOn(server)).satisfies(
                    e -> assertThat(causeOfType(e, SSLException.class)).isNotNull());
        }
    }

    @Test
    void connect_hostNameNotInCertificate_failsHostNameVerification() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, cert.serverConfig());
            assertThatThrownBy(() -> rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                return TlsStream.connect(tcp, cert.clientConfig(), "example.com").await();
            }))).satisfies(e -> assertThat(causeOfType(e, SSLHandshakeException.class)).isNotNull()
                    .hasMessageContaining("example.com"));
        }
    }

    @Test
    void connect_noCommonAlpnProtocol_failsTheHandshake() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, cert.serverConfig());
            assertThatThrownBy(() -> rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                return TlsStream.connect(tcp, cert.clientConfig().withApplicationProtocols("h2"), "localhost")
                        .await();
            }))).satisfies(e -> assertThat(causeOfType(e, SSLException.class)).isNotNull());
        }
    }

    @Test
    void write_afterShutdown_failsAndStreamReportsIt() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, cert.serverConfig());
            Throwable error = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, cert.clientConfig(), "localhost").await()) {
                    tls.shutdown().await();
                    try {
                        tls.writeAll(ByteBuffer.wrap(new byte[] {1})).await();
                        return null;
                    } catch (UncheckedIOException e) {
                        return e;
                    }
                }
            }));
            assertThat(error).hasMessageContaining("write after shutdown");
        }
    }

    @Test
    void factories_wrongRoleOrEmptyName_failFast() {
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            TcpStream tcp = rt.blockOn(TcpStream.connect(listener.localAddress()));
            try (tcp) {
                assertThatThrownBy(() -> TlsStream.client(tcp, cert.serverConfig(), "localhost"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("config: a SERVER config (expected: a CLIENT config)");
                assertThatThrownBy(() -> TlsStream.server(tcp, cert.clientConfig()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("config: a CLIENT config (expected: a SERVER config)");
                assertThatThrownBy(() -> TlsStream.client(tcp, cert.clientConfig(), ""))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("serverName: \"\"");
                assertThatThrownBy(() -> cert.clientConfig().withClientAuth(TlsConfig.ClientAuth.NEED))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> cert.serverConfig().withProtocols("SSLv2"))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("protocol: SSLv2");
            }
        }
    }

    @Test
    void config_fromPkcs12Files_handshakes() {
        TlsConfig server = TlsConfig.serverPkcs12(cert.pkcs12File(), cert.password());
        TlsConfig client = TlsConfig.clientTrustingPkcs12(cert.pkcs12File(), cert.password());
        try (TcpListener listener = TcpListener.bind(LOOPBACK)) {
            weftEchoServer(listener, server);
            String echoed = rt.blockOn(Async.async(() -> {
                TcpStream tcp = TcpStream.connect(listener.localAddress()).await();
                try (TlsStream tls = TlsStream.connect(tcp, client, "localhost").await()) {
                    tls.writeAll(ByteBuffer.wrap("p12".getBytes(StandardCharsets.UTF_8))).await();
                    tls.shutdown().await();
                    return new String(readAll(tls), StandardCharsets.UTF_8);
                }
            }));
            assertThat(echoed).isEqualTo("p12");
        }
    }

    @Test
    void config_pkcs12WithWrongPassword_failsFastNamingThePassword() {
        assertThatThrownBy(() -> TlsConfig.serverPkcs12(cert.pkcs12File(), "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("password: wrong for ");
        assertThatThrownBy(() -> TlsConfig.serverPkcs12(cert.pkcs12File().resolveSibling("missing.p12"),
                cert.password())).isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.p12");
    }

    @Test
    void isIpLiteral_distinguishesAddressesFromNames() {
        assertThat(TlsStream.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(TlsStream.isIpLiteral("::1")).isTrue();
        assertThat(TlsStream.isIpLiteral("localhost")).isFalse();
        assertThat(TlsStream.isIpLiteral("a1.example")).isFalse();
    }

    static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}

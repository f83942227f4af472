package dev.weft.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Weft TLS server (a hand-written HTTP/1.1 answer over {@link TlsStream}) against the two https clients the
 * issue names: the JDK's {@link HttpClient} and {@code curl --cacert}, both trusting the generated certificate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsInteropTest {
    private static SelfSignedCertificate cert;
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

    /** Serves one connection: reads a request head, answers {@code hello over <alpn>}, sends close_notify. */
    private JoinHandle<String> serveOne(TcpListener listener) {
        return rt.spawn(Async.async(() -> {
            TcpStream tcp = listener.accept().await();
            try (TlsStream tls = TlsStream.accept(tcp, cert.serverConfig()).await()) {
                StringBuilder head = new StringBuilder();
                ByteBuffer buf = ByteBuffer.allocate(1024);
                while (head.indexOf("\r\n\r\n") < 0) {
                    buf.clear();
                    int n = tls.read(buf).await();
                    if (n < 0) throw new AssertionError("end of stream inside the request head: " + head);
                    head.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                }
                String body = "hello over " + tls.applicationProtocol().orElse("no ALPN");
                String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body;
                tls.writeAll(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1))).await();
                tls.shutdown().await();
                return head.substring(0, head.indexOf("\r\n"));
            }
        }));
    }

    @Test
    void jdkHttpClient_againstWeftTlsServer_negotiatesHttp11AndReadsResponse() throws Exception {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            JoinHandle<String> server = serveOne(listener);
            // the JDK client prefers HTTP/2 and offers h2 and http/1.1 through ALPN; we select http/1.1
            try (HttpClient jdk = HttpClient.newBuilder().sslContext(cert.clientContext()).build()) {
                HttpResponse<String> r = jdk.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + listener.localAddress().getPort() + "/tls")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(r.body()).isEqualTo("hello over http/1.1");
            }
            assertThat(rt.blockOn(server)).isEqualTo("GET /tls HTTP/1.1");
        }
    }

    @Test
    void curlWithCacert_againstWeftTlsServer_readsResponse() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        Assumptions.assumeTrue(Files.isExecutable(curl), "curl is not installed at /usr/bin/curl");
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            JoinHandle<String> server = serveOne(listener);
            Process p = new ProcessBuilder(List.of(curl.toString(), "--silent", "--show-error", "--max-time", "30",
                    "--cacert", cert.pemFile().toString(),
                    "https://localhost:" + listener.localAddress().getPort() + "/curl"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("curl output: %s", out).isZero();
            assertThat(out).isEqualTo("hello over http/1.1");
            assertThat(rt.blockOn(server)).isEqualTo("GET /curl HTTP/1.1");
        }
    }
}

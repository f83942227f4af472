package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.tls.SelfSignedCertificate;
import dev.weft.http.tls.TlsConfig;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server with {@link ServerConfig.Builder#tls}: HTTPS over real sockets on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsServerTest {
    private static SelfSignedCertificate cert;

    @BeforeAll
    static void generate() {
        cert = SelfSignedCertificate.generate();
    }

    @AfterAll
    static void delete() {
        if (cert != null) cert.close();
    }

    private static ServerConfig https() {
        return ServerConfig.builder().tls(cert.serverConfig()).build();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(cert.clientContext()).build();
    }

    private static String base(ServerFixture f) {
        return "https://127.0.0.1:" + f.address().getPort();
    }

    @Test
    void https_jdkClient_servesRequestsOnOneKeepAliveConnection() throws Exception {
        try (ServerFixture f = new ServerFixture(https(), HttpServerTest.PATH); HttpClient c = client()) {
            for (String path : List.of("/one", "/two", "/three")) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base(f) + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("path=" + path);
                assertThat(r.sslSession()).get().extracting(s -> s.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            }
            assertThat(f.server.activeConnections()).isEqualTo(1); // the client kept its one connection
            DrainReport report = f.shutdown(Duration.ofSeconds(5));
            assertThat(report.isClean()).isTrue();
        }
    }

    @Test
    void https_largeUploadEchoed_bodyIntactBothWays() throws Exception {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >>> 11));
        try (ServerFixture f = new ServerFixture(https(), HttpServerTest.ECHO); HttpClient c = client()) {
            HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(URI.create(base(f) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Arrays.equals(r.body(), data)).as("echoed body equals the upload").isTrue();
            // chunked upload (unknown length) on the same connection
            HttpResponse<byte[]> chunked = c.send(HttpRequest.newBuilder(URI.create(base(f) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(Arrays.equals(chunked.body(), data)).as("echoed chunked body equals the upload").isTrue();
        }
    }

    @Test
    void https_curlWithCacert_fetchesThePage() throws Exception {
        Path curl = findCurl();
        Assumptions.assumeTrue(curl != null, "curl is not installed on this machine: the curl interop check is skipped");
        try (ServerFixture f = new ServerFixture(https(), HttpServerTest.PATH)) {
            Process p = new ProcessBuilder(curl.toString(), "-sS", "--http1.1", "--max-time", "20", "--cacert",
                    cert.pemFile().toString(), base(f) + "/from-curl").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("curl exit status; output: %s", out).isZero();
            assertThat(out).isEqualTo("path=/from-curl");
        }
    }

    @Test
    void https_plainHttpClient_isDisconnectedNotLeftHanging() throws Exception {
        try (ServerFixture f = new ServerFixture(https(), HttpServerTest.PATH);
                Socket s = new Socket(f.address().getAddress(), f.address().getPort())) {
            s.setSoTimeout(30_000); // a guard only: the server closes at once
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] got = readToEnd(s.getInputStream());
            // at most a TLS alert record (content type 21), never an HTTP answer
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
            if (got.length > 0) assertThat(got[0]).isEqualTo((byte) 21);
            ServerFixture.await("the connection is released", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void https_clientNeverHandshakes_closedAtHeaderTimeout() throws Exception {
        ServerConfig config = ServerConfig.builder().tls(cert.serverConfig())
                .headerReadTimeout(Duration.ofMillis(300)).build();
        try (ServerFixture f = new ServerFixture(config, HttpServerTest.PATH);
                Socket s = new Socket(f.address().getAddress(), f.address().getPort())) {
            s.setSoTimeout(30_000); // a guard only: the header timeout closes the connection
            ServerFixture.await("the connection is accepted", () -> f.server.activeConnections() == 1);
            assertThat(readToEnd(s.getInputStream())).isEmpty(); // silent client: EOF, no bytes
            ServerFixture.await("the slot is released", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void tls_invalidConfig_rejectedWithReason() {
        assertThatThrownBy(() -> ServerConfig.builder().tls(cert.clientConfig()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls: a CLIENT config (expected: a SERVER config)");
        assertThatThrownBy(() -> ServerConfig.builder().tls(cert.serverConfig().withApplicationProtocols("h2", "http/1.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls: application protocols [h2, http/1.1] (expected: http/1.1 only, the protocol this "
                        + "server speaks)");
        TlsConfig noAlpn = cert.serverConfig().withApplicationProtocols();
        assertThat(ServerConfig.builder().tls(noAlpn).build().tls()).isSameAs(noAlpn);
        assertThat(ServerConfig.builder().tls(cert.serverConfig()).tls(null).build().tls()).isNull();
    }

    private static byte[] readToEnd(InputStream in) throws java.io.IOException {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException reset) { // a reset after the alert is a clean failure too
            return new byte[0];
        }
    }

    static Path findCurl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "curl");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

}

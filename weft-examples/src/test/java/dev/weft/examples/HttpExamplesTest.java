package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.http.server.HttpServer;
import dev.weft.http.tls.SelfSignedCertificate;
import dev.weft.runtime.WeftRuntime;
import dev.weft.test.WeftTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP examples, served on an ephemeral port of 127.0.0.1 and asked by the JDK's HttpClient. Each test gets a
 * two-worker runtime from {@code @WeftTest}, which also fails it when the server leaves a task behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@WeftTest(flavor = WeftTest.Flavor.MULTI_THREAD)
class HttpExamplesTest {
    private WeftRuntime rt;
    private HttpClient client;

    @BeforeEach
    void setUp(WeftRuntime rt) {
        this.rt = rt;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpEcho_everyRoute_answersAsSpecified() throws Exception {
        HttpServer server = rt.blockOn(Async.async(() -> HttpEcho.start(0)));
        String base = "http://127.0.0.1:" + server.localAddress().getPort();
        try {
            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/")));
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("OK");
            HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("content-length")).contains("2");
            HttpResponse<String> options = send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(options.statusCode()).isEqualTo(200);
            assertThat(options.body()).isEqualTo("OK");

            String big = "x".repeat(1 << 20);
            for (String body : List.of("hello", big)) {
                HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "/"))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
                assertThat(post.statusCode()).isEqualTo(200);
                assertThat(post.body()).isEqualTo(body);
                assertThat(post.headers().firstValue("content-type")).contains("text/plain");
            }

            HttpResponse<String> echo = send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .header("X-One", "1").header("X-Two", "two words"));
            assertThat(echo.body().lines()).contains("X-One: 1", "X-Two: two words");
            assertThat(echo.body().lines()).allMatch(l -> l.matches("[!-9;-~]+: .*"));

            HttpResponse<String> cookie = send(HttpRequest.newBuilder(URI.create(base + "/cookie"))
                    .header("Cookie", "a=1; b=two"));
            assertThat(cookie.body()).isEqualTo("a=1\nb=two\n");

            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/nope"))).statusCode()).isEqualTo(404);
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .PUT(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS, POST");
        } finally {
            assertThat(rt.blockOn(server.shutdown(Duration.ofSeconds(5))).isClean()).isTrue();
        }
    }

    @Test
    void httpEcho_chunkedUpload_echoedChunked() throws Exception {
        HttpServer server = rt.blockOn(Async.async(() -> HttpEcho.start(0)));
        try {
            // ofInputStream has no known length: the JDK client sends it chunked
            byte[] data = "streamed ".repeat(10_000).getBytes();
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data))));
            assertThat(r.body()).isEqualTo(new String(data));
        } finally {
            server.close();
        }
    }

    @Test
    void httpHello_servesThePage() throws Exception {
        HttpServer server = rt.blockOn(Async.async(() -> HttpHello.start(0, null)));
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/")));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            assertThat(r.body()).contains("<h1>Hello from Weft</h1>");
        } finally {
            server.close();
        }
    }

    @Test
    void httpHello_https_servesThePageToJdkClientAndCurl() throws Exception {
        assertThat(HttpHello.scheme(new String[] {"--https", "--port", "8443"})).isEqualTo(HttpHello.Scheme.HTTPS);
        assertThat(HttpHello.scheme(new String[] {"--port", "8080"})).isEqualTo(HttpHello.Scheme.HTTP);
        try (SelfSignedCertificate cert = SelfSignedCertificate.generate()) {
            HttpServer server = rt.blockOn(Async.async(() -> HttpHello.start(0, cert.serverConfig())));
            int port = server.localAddress().getPort();
            String url = "https://127.0.0.1:" + port + "/";
            try (HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(cert.clientContext()).build()) {
                HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.sslSession()).isPresent();
                assertThat(r.body()).contains("<h1>Hello from Weft</h1>");

                String line = HttpHello.curlLine(port, cert);
                assertThat(line).isEqualTo("curl --cacert " + cert.pemFile() + " " + url);
                Path curl = findCurl();
                if (curl == null) {
                    System.out.println("HttpExamplesTest: curl is not installed; the curl --cacert check is skipped");
                } else {
                    Process p = new ProcessBuilder(curl.toString(), "-sS", "--max-time", "20", "--cacert",
                            cert.pemFile().toString(), url).redirectErrorStream(true).start();
                    p.getOutputStream().close();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).as("curl exit status; output: %s", out).isZero();
                    assertThat(out).contains("<h1>Hello from Weft</h1>");
                }

                // plain http to the https port: a clean failure (the handshake fails at once), not a hang
                assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(30)))).isInstanceOf(IOException.class)
                        .isNotInstanceOf(java.net.http.HttpTimeoutException.class);
            } finally {
                assertThat(rt.blockOn(server.shutdown(Duration.ofSeconds(5))).isClean()).isTrue();
            }
        }
    }

    @Test
    void httpHello_curlLine_plainWithoutCertificate() {
        assertThat(HttpHello.curlLine(8080, null)).isEqualTo("curl http://127.0.0.1:8080/");
    }

    static Path findCurl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "curl");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    @Test
    void serverExample_portOption_parsedAndChecked() {
        assertThat(ServerExample.port(new String[] {"--port", "9090"}, 8080)).isEqualTo(9090);
        assertThat(ServerExample.port(new String[0], 8080)).isEqualTo(8080);
        assertThatThrownBy(() -> ServerExample.port(new String[] {"--port", "x"}, 8080))
                .hasMessage("--port: x (expected: 0..65535)");
    }

    @Test
    void demos_printTheirConversations() throws Exception {
        assertThat(ExamplesTest.run(new HttpEcho())).containsExactly(
                "GET / -> 200", "  OK",
                "HEAD / -> 200",
                "POST / -> 200", "  hello, echo",
                "GET /echo -> 200", "  X-Demo: 1",
                "GET /cookie -> 200", "  a=1", "  b=2",
                "server stopped, nothing cut");
        assertThat(ExamplesTest.run(new HttpHello())).containsExactly(
                "GET / -> 200 text/html; charset=utf-8 <h1>Hello from Weft</h1>",
                "GET /?name=Tokio-fan -> 200 text/html; charset=utf-8 <h1>Hello from Tokio-fan</h1>",
                "server stopped");
    }
}

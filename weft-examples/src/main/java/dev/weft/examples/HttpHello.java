package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.http.Handler;
import dev.weft.http.Headers;
import dev.weft.http.Body;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.server.DrainReport;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.tls.SelfSignedCertificate;
import dev.weft.http.tls.TlsConfig;
import dev.weft.runtime.WeftRuntime;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Hello, World over HTTP: a page served by an async-block {@link Handler} (sequential code on a virtual thread),
 * on {@code 127.0.0.1:8080} ({@code --port N}). {@code curl http://127.0.0.1:8080/}.
 *
 * <p>{@code --https} serves the same handler over TLS ({@link ServerConfig.Builder#tls}) with a self-signed
 * certificate generated at start ({@link SelfSignedCertificate}, valid for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, deleted at exit); it prints the {@code curl --cacert <pem> https://127.0.0.1:PORT/} line that
 * trusts exactly that certificate. The handler does not change.
 */
public final class HttpHello implements ServerExample {

    static final String PAGE = """
            <!doctype html>
            <html><head><title>Weft</title></head>
            <body><h1>Hello from Weft</h1><p>Served by weft-http, HTTP/1.1 on a Weft runtime.</p></body></html>
            """;

    /** The handler: any path, the same page; a greeting by name with {@code ?name=}. */
    static final Handler HANDLER = req -> {
        String page = req.query().filter(q -> q.startsWith("name=")).map(q -> PAGE.replace("Weft</h1>",
                escape(q.substring(5)) + "</h1>")).orElse(PAGE);
        return new Response(Status.OK, new Headers().add("Content-Type", "text/html; charset=utf-8"), Body.of(page));
    };

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == ' ' || c == '-') sb.append(c);
        }
        return sb.toString();
    }

    /** Which scheme to serve. */
    enum Scheme { HTTP, HTTPS }

    static Scheme scheme(String[] args) {
        return Arrays.asList(args).contains("--https") ? Scheme.HTTPS : Scheme.HTTP;
    }

    @Override
    public String name() {
        return "http-hello";
    }

    @Override
    public String summary() {
        return "HTTP: Hello, World page from an async-block handler (--port N; --https: TLS with a self-signed certificate)";
    }

    /** Serves {@link #HANDLER} on 127.0.0.1:{@code port}: plain HTTP when {@code tls} is null, else HTTPS. */
    static HttpServer start(int port, TlsConfig tls) {
        ServerConfig config = ServerConfig.builder().tls(tls).build();
        return HttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), config,
                HANDLER.toService());
    }

    /** The line a reader pastes to fetch the page: with {@code --cacert} when serving HTTPS. */
    static String curlLine(int port, SelfSignedCertificate cert) {
        return cert == null ? "curl http://127.0.0.1:" + port + "/"
                : "curl --cacert " + cert.pemFile() + " https://127.0.0.1:" + port + "/";
    }

    @Override
    public void serve(PrintStream out, String[] args) {
        int port = ServerExample.port(args, 8080);
        Scheme scheme = scheme(args);
        // generated before the runtime starts (keytool runs as a child process); deleted when serving stops
        try (SelfSignedCertificate cert = scheme == Scheme.HTTPS ? SelfSignedCertificate.generate() : null;
                WeftRuntime rt = WeftRuntime.multiThread().build()) {
            rt.blockOn(Async.async(() -> {
                HttpServer server = start(port, cert == null ? null : cert.serverConfig());
                int bound = server.localAddress().getPort();
                out.println("http-hello serving on " + scheme.name().toLowerCase(java.util.Locale.ROOT) + "://127.0.0.1:"
                        + bound + "/ (ctrl-c to stop)");
                out.println("  try: " + curlLine(bound, cert));
                GracefulServer.ctrlCOrTerminate().await();
                DrainReport report = server.shutdown(Duration.ofSeconds(5)).await();
                out.println("stopped: " + report);
            }));
        }
    }

    /** The demo: serves on an ephemeral port, fetches the page twice, stops (real clock: see {@link HttpEcho#run}). */
    @Override
    public void run(PrintStream out, Clock clock) throws Exception {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            HttpServer server = rt.blockOn(Async.async(() -> start(0, null)));
            String base = "http://127.0.0.1:" + server.localAddress().getPort();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                for (String path : new String[] {"/", "/?name=Tokio-fan"}) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String h1 = r.body().substring(r.body().indexOf("<h1>"), r.body().indexOf("</h1>") + 5);
                    out.println("GET " + path + " -> " + r.statusCode() + " "
                            + r.headers().firstValue("content-type").orElse("?") + " " + h1);
                }
            }
            rt.blockOn(server.shutdown(Duration.ofSeconds(5)));
            out.println("server stopped");
        }
    }

    public static void main(String[] args) throws Exception {
        new HttpHello().serve(System.out, args);
    }
}

package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.server.DrainReport;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An httpbin-like echo server on {@code 127.0.0.1:8080} ({@code --port N}): the smallest useful HTTP service on
 * weft-http, written as one poll-based {@link Service} (no thread per request).
 *
 * <pre>
 *   GET, HEAD, OPTIONS /   200 "OK"
 *   POST /                 the request body, streamed back as it arrives (same Content-Type)
 *   GET /echo              the request's header fields, one "Name: Value" line each
 *   GET /cookie            the request's cookies, one "name=value" line each
 *   anything else          404, or 405 with Allow for a known path
 * </pre>
 *
 * Try it: {@code ./weft example http-echo}, then {@code curl -i localhost:8080/echo},
 * {@code curl --data-binary @README.md localhost:8080/}, {@code curl -b 'a=1; b=2' localhost:8080/cookie}.
 */
public final class HttpEcho implements ServerExample {

    @Override
    public String name() {
        return "http-echo";
    }

    @Override
    public String summary() {
        return "HTTP: an httpbin-like echo server (GET/HEAD/OPTIONS /, POST / echo, /echo headers, /cookie)";
    }

    /** The service: routes by path, then by method. */
    static final Service<Request, Response> SERVICE = req -> Futures.ready(route(req));

    static Response route(Request req) {
        Method m = req.method();
        switch (req.path()) {
            case "/" -> {
                if (m.equals(Method.GET) || m.equals(Method.HEAD) || m.equals(Method.OPTIONS)) {
                    Response ok = Response.text("OK");
                    if (m.equals(Method.OPTIONS)) ok.header("Allow", "GET, HEAD, OPTIONS, POST");
                    return ok;
                }
                if (m.equals(Method.POST)) { // stream the body back: never buffered whole
                    Headers h = new Headers();
                    h.add("Content-Type", req.headers().getOrDefault("Content-Type", "application/octet-stream"));
                    return new Response(Status.OK, h, req.body());
                }
                return notAllowed("GET, HEAD, OPTIONS, POST");
            }
            case "/echo" -> {
                if (!m.equals(Method.GET) && !m.equals(Method.HEAD)) return notAllowed("GET, HEAD");
                StringBuilder sb = new StringBuilder();
                req.headers().forEach((name, value) -> sb.append(name).append(": ").append(value).append('\n'));
                return Response.text(sb.toString());
            }
            case "/cookie" -> {
                if (!m.equals(Method.GET) && !m.equals(Method.HEAD)) return notAllowed("GET, HEAD");
                StringBuilder sb = new StringBuilder();
                for (String line : req.headers().all("Cookie")) {
                    for (String pair : line.split(";")) {
                        String p = pair.strip();
                        if (!p.isEmpty()) sb.append(p).append('\n');
                    }
                }
                return Response.text(sb.toString());
            }
            default -> {
                return Response.text(Status.NOT_FOUND, "not found: " + req.path() + "\n");
            }
        }
    }

    private static Response notAllowed(String allow) {
        return Response.text(Status.METHOD_NOT_ALLOWED, "method not allowed\n").header("Allow", allow);
    }

    /** Binds 127.0.0.1:{@code port} and serves (call on a runtime). */
    static HttpServer start(int port) {
        return HttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ServerConfig.defaults(),
                SERVICE);
    }

    @Override
    public void serve(PrintStream out, String[] args) {
        int port = ServerExample.port(args, 8080);
        try (WeftRuntime rt = WeftRuntime.multiThread().build()) {
            rt.blockOn(dev.weft.future.Async.async(() -> {
                HttpServer server = start(port);
                out.println("http-echo listening on http://" + server.localAddress().getHostString() + ":"
                        + server.localAddress().getPort() + "/ (ctrl-c to stop)");
                GracefulServer.ctrlCOrTerminate().await();
                DrainReport report = server.shutdown(Duration.ofSeconds(5)).await();
                out.println("stopped: " + report);
            }));
        }
    }

    /**
     * The demo: serves on an ephemeral port and asks it each route with the JDK's HttpClient. Networking
     * examples run on the real clock whatever {@code clock} says: on a paused clock the server's timeouts would
     * be jumped to while the demo waits on sockets.
     */
    @Override
    public void run(PrintStream out, Clock clock) throws Exception {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            HttpServer server = rt.blockOn(dev.weft.future.Async.async(() -> start(0)));
            String base = "http://127.0.0.1:" + server.localAddress().getPort();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                show(out, client, HttpRequest.newBuilder(URI.create(base + "/")).GET());
                show(out, client, HttpRequest.newBuilder(URI.create(base + "/")).method("HEAD",
                        HttpRequest.BodyPublishers.noBody()));
                show(out, client, HttpRequest.newBuilder(URI.create(base + "/")).POST(
                        HttpRequest.BodyPublishers.ofString("hello, echo")));
                show(out, client, HttpRequest.newBuilder(URI.create(base + "/echo")).header("X-Demo", "1").GET());
                show(out, client, HttpRequest.newBuilder(URI.create(base + "/cookie"))
                        .header("Cookie", "a=1; b=2").GET());
            }
            DrainReport report = rt.blockOn(server.shutdown(Duration.ofSeconds(5)));
            out.println("server stopped, " + (report.isClean() ? "nothing cut" : "cut " + report.requestsCut()));
        }
    }

    private static void show(PrintStream out, HttpClient client, HttpRequest.Builder b) throws Exception {
        HttpRequest req = b.build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        out.println(req.method() + " " + req.uri().getPath() + " -> " + r.statusCode());
        // /echo lists the client's own headers (User-Agent, Host...): print only the demo's, stable across JDKs
        for (String line : r.body().lines().toList()) {
            if (!req.uri().getPath().equals("/echo") || line.startsWith("X-Demo")) out.println("  " + line);
        }
    }

    public static void main(String[] args) throws Exception {
        new HttpEcho().serve(System.out, args);
    }
}

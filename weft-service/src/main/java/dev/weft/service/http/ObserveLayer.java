package dev.weft.service.http;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.service.api.Principal;
import dev.weft.service.ops.Metrics;
import java.io.PrintStream;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The outermost layer: adds {@code Server: weft} to every response (TechEmpower requires {@code Server};
 * the HTTP server adds {@code Date} and {@code Content-Length}), records each request in {@link Metrics} (method,
 * route template, status, latency) and, when enabled, writes one JSON access-log line per request.
 *
 * <p>A request whose future is cancelled before it completes (its client disconnected, or the server gave up on
 * it at shutdown) is recorded with status 499 (nginx's "client closed request").
 *
 * <p>Access-log lines hold the path but never the query (it may carry secrets) nor any header value; the caller
 * appears as its key's name and prefix, never the key.
 */
public final class ObserveLayer implements Layer<Request, Response> {
    /** The Server header value. */
    public static final String SERVER = "weft";

    private final Metrics metrics;
    private final PrintStream accessLog; // null: off
    private final LongSupplier nanoClock;

    /** Observes into {@code metrics} and, when {@code accessLog} is not null, logs to it. */
    public ObserveLayer(Metrics metrics, PrintStream accessLog, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.nanoClock = nanoClock;
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        return new Service<>() {
            @Override
            public Poll<Void> pollReady(Context cx) {
                return inner.pollReady(cx);
            }

            @Override
            public void releaseReady() {
                inner.releaseReady();
            }

            @Override
            public Future<Response> call(Request req) {
                long start = nanoClock.getAsLong();
                metrics.started();
                Future<Response> f;
                try {
                    f = inner.call(req);
                } catch (RuntimeException e) {
                    finish(req, 500, start);
                    throw e;
                }
                return new Future<>() {
                    private boolean done;

                    @Override
                    public Poll<Response> poll(Context cx) {
                        Poll<Response> p = f.poll(cx);
                        if (p instanceof Poll.Ready<Response>(Response r)) {
                            done = true;
                            r.headers().set("Server", SERVER);
                            finish(req, r.status().code(), start);
                        }
                        return p;
                    }

                    @Override
                    public void cancel() {
                        f.cancel();
                        if (!done) finish(req, 499, start);
                    }
                };
            }
        };
    }

    private void finish(Request req, int status, long start) {
        long nanos = nanoClock.getAsLong() - start;
        String route = req.attributes().get(Route.TEMPLATE).orElse("unmatched");
        String method = req.method().toString();
        metrics.record(method, route, status, nanos);
        PrintStream log = accessLog;
        if (log != null) {
            StringBuilder sb = new StringBuilder(200).append("{\"ts\":\"").append(Instant.now())
                    .append("\",\"method\":\"").append(method).append("\",\"path\":");
            jsonString(req.path(), sb);
            sb.append(",\"route\":");
            jsonString(route, sb);
            sb.append(",\"status\":").append(status)
                    .append(",\"duration_us\":").append(nanos / 1000);
            req.remoteAddress().ifPresent(a -> sb.append(",\"remote\":\"").append(a.getAddress().getHostAddress()).append('"'));
            req.attributes().get(Principal.KEY).ifPresent(p -> {
                sb.append(",\"key\":");
                jsonString(p.name() + "/" + p.keyPrefix(), sb);
            });
            log.println(sb.append('}'));
        }
    }

    private static void jsonString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

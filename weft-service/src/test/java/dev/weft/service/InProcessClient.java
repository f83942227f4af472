package dev.weft.service;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Version;
import dev.weft.http.service.Service;
import dev.weft.runtime.Runtime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Sends requests straight to the pipeline on a runtime (no socket). */
final class InProcessClient implements Client {
    private final Runtime runtime;
    private final Service<Request, Response> app;

    InProcessClient(Runtime runtime, Service<Request, Response> app) {
        this.runtime = runtime;
        this.app = app;
    }

    @Override
    public Exchange send(String method, String path, Map<String, String> headers, byte[] body) {
        Headers h = new Headers();
        headers.forEach(h::add);
        Request req = new Request(Method.of(method), path, Version.HTTP_1_1, h, body == null ? Body.empty() : Body.of(body));
        Response r = runtime.blockOn(new Future<Response>() {
            private Future<Response> inner;

            @Override
            public Poll<Response> poll(Context cx) {
                if (inner == null) {
                    Poll<Void> ready = app.pollReady(cx);
                    if (!ready.isReady()) return Poll.pending();
                    inner = app.call(req);
                }
                return inner.poll(cx);
            }

            @Override
            public void cancel() {
                if (inner != null) inner.cancel();
            }
        });
        Map<String, List<String>> out = new LinkedHashMap<>();
        r.headers().forEach((n, v) -> out.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(v));
        byte[] bytes = new byte[0];
        if (r.body() instanceof Body.Full full) {
            ByteBuffer b = full.data();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        }
        return new Exchange(r.status().code(), out, bytes);
    }
}

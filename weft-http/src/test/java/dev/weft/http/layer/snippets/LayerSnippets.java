package dev.weft.http.layer.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Attributes;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.layer.AccessLogLayer;
import dev.weft.http.layer.BodyLimitLayer;
import dev.weft.http.layer.CatchPanicLayer;
import dev.weft.http.layer.ConcurrencyLimitLayer;
import dev.weft.http.layer.Gcra;
import dev.weft.http.layer.LoadShedLayer;
import dev.weft.http.layer.RateLimitLayer;
import dev.weft.http.layer.RequestIdLayer;
import dev.weft.http.layer.TimeoutLayer;
import dev.weft.http.router.Router;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.runtime.WeftRuntime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.http.layer's javadoc pulls in; each runs as a test. */
class LayerSnippets {

    static final Attributes.Key<String> API_KEY = Attributes.Key.of("apiKey", String.class);

    /** A stand-in for an application's authentication layer: trusts the X-Api-Key header. */
    static final Layer<Request, Response> authLayer = inner -> Service.of(req -> {
        req.headers().get("X-Api-Key").ifPresent(k -> req.attributes().put(API_KEY, k));
        return inner.call(req);
    });

    @Test
    void stack() {
        Router router = Router.builder()
                .routeService(Method.GET, "/plaintext", Service.of(req -> Futures.ready(Response.text("Hello, World!"))))
                .build();
        // @start region=stack
        Gcra perKey = Gcra.builder().rate(600, Duration.ofMinutes(1)).burst(50).build();
        Service<Request, Response> app = ServiceBuilder.<Request, Response>create()
                .layer(RequestIdLayer.create())                  // first, so every later stage (and the log) has the id
                .layer(AccessLogLayer.toLogger())                // sees the final status, including 500/503/429
                .layer(CatchPanicLayer.create())                 // failures below become 500s the log records
                .layer(TimeoutLayer.of(Duration.ofSeconds(10)))  // the deadline covers everything below
                .layer(LoadShedLayer.create().retryAfter(Duration.ofSeconds(1)))
                .layer(ConcurrencyLimitLayer.of(512))            // LoadShed turns "at the limit" into 503
                .layer(BodyLimitLayer.of(1 << 20))
                .layer(authLayer)                                // your own: puts the API key in the attributes
                .layer(RateLimitLayer.perKey(perKey, req -> req.attributes().get(API_KEY).orElse(null)))
                .service(router);
        // @end
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            Response r = rt.blockOn(app.call(Request.get("/plaintext").header("X-Api-Key", "k1")));
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.headers().get("RateLimit-Remaining")).contains("49");
            assertThat(r.headers().contains("X-Request-Id")).isTrue();
        }
    }
}

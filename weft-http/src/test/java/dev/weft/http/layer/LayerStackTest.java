package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.router.PathParams;
import dev.weft.http.router.Router;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.runtime.WeftRuntime;
import dev.weft.test.WeftTest;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every layer stacked in the order of the layer package's guide, over a router, on a paused clock. */
class LayerStackTest {

    @WeftTest
    void fullStack_servesRoutesAndAppliesEveryLayer(WeftRuntime rt) {
        List<AccessLogEntry> log = Collections.synchronizedList(new ArrayList<>());
        Gcra perKey = Gcra.builder().rate(10, Duration.ofSeconds(1)).burst(2).build();
        Router router = Router.builder()
                .routeService(Method.GET, "/plaintext", Service.of(req -> Futures.ready(Response.text("Hello, World!"))))
                .get("/users/{id}", req -> Response.text("user " + PathParams.of(req).get("id")))
                .get("/slow", req -> {
                    Time.sleep(Duration.ofMinutes(1)).await();
                    return Response.text("late");
                })
                .get("/boom", req -> {
                    throw new IllegalStateException("bug");
                })
                .build();
        Service<Request, Response> app = ServiceBuilder.<Request, Response>create()
                .layer(RequestIdLayer.create())
                .layer(AccessLogLayer.to(log::add))
                .layer(CatchPanicLayer.create())
                .layer(TimeoutLayer.of(Duration.ofSeconds(10)))
                .layer(LoadShedLayer.create())
                .layer(ConcurrencyLimitLayer.of(64))
                .layer(BodyLimitLayer.of(1 << 16))
                .layer(RateLimitLayer.perKey(perKey, req -> req.headers().getOrDefault("X-Api-Key", null)))
                .service(router);
        Response plain = rt.blockOn(app.call(Request.get("/plaintext")));
        assertThat(plain.status()).isEqualTo(Status.OK);
        assertThat(plain.headers().get("X-Request-Id")).isPresent();

        assertThat(rt.blockOn(app.call(Request.get("/users/42").header("X-Api-Key", "k"))).status())
                .isEqualTo(Status.OK);
        rt.blockOn(app.call(Request.get("/users/42").header("X-Api-Key", "k")));
        Response limited = rt.blockOn(app.call(Request.get("/users/42").header("X-Api-Key", "k")));
        assertThat(limited.status()).isEqualTo(Status.TOO_MANY_REQUESTS);

        assertThat(rt.blockOn(app.call(Request.get("/slow"))).status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(rt.blockOn(app.call(Request.get("/boom"))).status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
        assertThat(rt.blockOn(app.call(Request.get("/nope"))).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(rt.blockOn(app.call(Request.post("/plaintext", dev.weft.http.Body.empty()))).status())
                .isEqualTo(Status.METHOD_NOT_ALLOWED);

        // many concurrent requests through the whole stack
        List<Response> many = rt.blockOn(Async.async(() -> {
            List<dev.weft.future.Future<Response>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) fs.add(app.call(Request.get("/users/" + i)));
            return Futures.joinAll(fs).await();
        }));
        assertThat(many).allSatisfy(r -> assertThat(r.status()).isIn(Status.OK, Status.SERVICE_UNAVAILABLE));
        assertThat(many).anySatisfy(r -> assertThat(r.status()).isEqualTo(Status.OK));
        assertThat(log).extracting(AccessLogEntry::status).startsWith(200, 200, 200, 429, 503, 500, 404, 405);
        assertThat(log).allSatisfy(e -> assertThat(e.requestId()).isNotNull());
    }
}

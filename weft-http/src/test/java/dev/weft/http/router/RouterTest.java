package dev.weft.http.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.Version;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.test.TestTask;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final WeftRuntime RT = WeftRuntime.currentThread().build();

    @AfterAll
    static void close() {
        RT.close();
    }

    /** A poll-based service answering {@code text} plus the request's path params, always ready. */
    private static Service<Request, Response> echo(String text) {
        return Service.of(req -> Futures.ready(Response.text(text + " " + PathParams.of(req).asMap())));
    }

    private static Request req(Method m, String target) {
        return new Request(m, target, Version.HTTP_1_1, new Headers(), Body.empty());
    }

    private static Response send(Router r, Method m, String target) {
        return RT.blockOn(r.call(req(m, target)));
    }

    private static Response get(Router r, String target) {
        return send(r, Method.GET, target);
    }

    private static String text(Response res) {
        return new String(RT.blockOn(res.body().bytes(1 << 20)), StandardCharsets.UTF_8);
    }

    @Test
    void call_staticRoute_servesItAndRecordsTheRoute() {
        Router r = Router.builder().routeService(Method.GET, "/plaintext", echo("plain")).build();
        Request q = req(Method.GET, "/plaintext");
        Response res = RT.blockOn(r.call(q));
        assertThat(res.status()).isEqualTo(Status.OK);
        assertThat(text(res)).isEqualTo("plain {}");
        assertThat(PathParams.of(q).route()).isEqualTo("/plaintext");
    }

    @Test
    void call_asyncBlockHandler_readsPathParams() {
        Router r = Router.builder()
                .get("/users/{id}/files/{*path}", q -> {
                    PathParams p = PathParams.of(q);
                    return Response.text("user " + p.get("id") + " wants " + p.get("path"));
                })
                .build();
        assertThat(text(get(r, "/users/42/files/a%20b/c.txt"))).isEqualTo("user 42 wants a b/c.txt");
    }

    @Test
    void call_paramSegment_isPercentDecodedAfterSplitting() {
        Router r = Router.builder().routeService(Method.GET, "/users/{id}", echo("u")).build();
        assertThat(text(get(r, "/users/a%2Fb"))).isEqualTo("u {id=a/b}");
        assertThat(text(get(r, "/users/caf%C3%A9"))).isEqualTo("u {id=café}");
        assertThat(text(get(r, "/users/a+b?x=1"))).isEqualTo("u {id=a+b}");
    }

    @Test
    void call_malformedEscape_answers400() {
        Router r = Router.builder().routeService(Method.GET, "/users/{id}", echo("u")).build();
        assertThat(get(r, "/users/%zz").status()).isEqualTo(Status.BAD_REQUEST);
        assertThat(get(r, "/users/abc%2").status()).isEqualTo(Status.BAD_REQUEST);
        assertThat(get(r, "/users/%C3%28").status()).isEqualTo(Status.BAD_REQUEST); // not UTF-8
    }

    @Test
    void call_staticSegmentGivenEncoded_matchesTheDecodedRoute() {
        Router r = Router.builder().routeService(Method.GET, "/café/menu", echo("c")).build();
        assertThat(get(r, "/caf%C3%A9/menu").status()).isEqualTo(Status.OK);
    }

    @Test
    void call_wildcard_needsAtLeastOneCharacter() {
        Router r = Router.builder().routeService(Method.GET, "/static/{*rest}", echo("s")).build();
        assertThat(text(get(r, "/static/css/app.css"))).isEqualTo("s {rest=css/app.css}");
        assertThat(text(get(r, "/static/a%20b/c%2Fd"))).isEqualTo("s {rest=a b/c/d}");
        assertThat(get(r, "/static/").status()).isEqualTo(Status.NOT_FOUND);
        assertThat(get(r, "/static").status()).isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void call_staticBeatsParamBeatsWildcard() {
        Router r = Router.builder()
                .routeService(Method.GET, "/users/new", echo("static"))
                .routeService(Method.GET, "/users/{id}", echo("param"))
                .routeService(Method.GET, "/users/{*rest}", echo("wild"))
                .build();
        assertThat(text(get(r, "/users/new"))).isEqualTo("static {}");
        assertThat(text(get(r, "/users/7"))).isEqualTo("param {id=7}");
        assertThat(text(get(r, "/users/7/x"))).isEqualTo("wild {rest=7/x}");
    }

    @Test
    void call_staticDeadEnd_backtracksToParam() {
        Router r = Router.builder()
                .routeService(Method.GET, "/users/new", echo("new"))
                .routeService(Method.GET, "/users/{id}/posts", echo("posts"))
                .build();
        assertThat(text(get(r, "/users/new/posts"))).isEqualTo("posts {id=new}");
        assertThat(text(get(r, "/users/new"))).isEqualTo("new {}");
    }

    @Test
    void call_sameShapeDifferentMethods_useTheirOwnParamNames() {
        Router r = Router.builder()
                .routeService(Method.GET, "/items/{id}", echo("get"))
                .routeService(Method.DELETE, "/items/{itemId}", echo("del"))
                .build();
        assertThat(text(get(r, "/items/3"))).isEqualTo("get {id=3}");
        assertThat(text(send(r, Method.DELETE, "/items/3"))).isEqualTo("del {itemId=3}");
    }

    @Test
    void call_rootAndTrailingSlash_areDistinctRoutes() {
        Router r = Router.builder()
                .routeService(Method.GET, "/", echo("root"))
                .routeService(Method.GET, "/a", echo("a"))
                .routeService(Method.GET, "/a/", echo("a-slash"))
                .build();
        assertThat(text(get(r, "/"))).isEqualTo("root {}");
        assertThat(text(get(r, "/a"))).isEqualTo("a {}");
        assertThat(text(get(r, "/a/"))).isEqualTo("a-slash {}");
        assertThat(get(r, "/a//").status()).isEqualTo(Status.NOT_FOUND);
        assertThat(get(r, "/b").status()).isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void call_unknownPath_answersEmpty404() {
        Router r = Router.builder().routeService(Method.GET, "/a", echo("a")).build();
        Response res = get(r, "/nope");
        assertThat(res.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(res.body().contentLength()).isZero();
        assertThat(send(r, Method.OPTIONS, "*").status()).isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void call_wrongMethod_answers405WithAllow() {
        Router r = Router.builder()
                .routeService(Method.POST, "/things", echo("post"))
                .routeService(Method.GET, "/things", echo("get"))
                .routeService(Method.of("PURGE"), "/things", echo("purge"))
                .build();
        Response res = send(r, Method.DELETE, "/things");
        assertThat(res.status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
        assertThat(res.headers().get("Allow")).contains("GET, HEAD, POST, OPTIONS, PURGE");
        assertThat(text(send(r, Method.of("PURGE"), "/things"))).isEqualTo("purge {}");
    }

    @Test
    void call_head_isServedByGetUnlessItHasItsOwnRoute() {
        Router r = Router.builder()
                .routeService(Method.GET, "/a", echo("get-a"))
                .routeService(Method.GET, "/b", echo("get-b"))
                .routeService(Method.HEAD, "/b", echo("head-b"))
                .routeService(Method.POST, "/c", echo("post-c"))
                .build();
        assertThat(text(send(r, Method.HEAD, "/a"))).isEqualTo("get-a {}");
        assertThat(text(send(r, Method.HEAD, "/b"))).isEqualTo("head-b {}");
        Response c = send(r, Method.HEAD, "/c");
        assertThat(c.status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
        assertThat(c.headers().get("Allow")).contains("POST, OPTIONS");
    }

    @Test
    void call_options_isAnsweredWithAllowUnlessARouteHandlesIt() {
        Router r = Router.builder()
                .routeService(Method.GET, "/auto", echo("g"))
                .routeService(Method.PUT, "/auto", echo("p"))
                .routeService(Method.GET, "/own", echo("g"))
                .routeService(Method.OPTIONS, "/own", echo("own-options"))
                .build();
        Response auto = send(r, Method.OPTIONS, "/auto");
        assertThat(auto.status()).isEqualTo(Status.OK);
        assertThat(auto.headers().get("Allow")).contains("GET, HEAD, PUT, OPTIONS");
        assertThat(auto.body().contentLength()).isZero();
        assertThat(text(send(r, Method.OPTIONS, "/own"))).isEqualTo("own-options {}");
    }

    @Test
    void call_anyRoute_takesMethodsWithoutTheirOwnRoute() {
        Router r = Router.builder()
                .anyService("/x", echo("any"))
                .routeService(Method.GET, "/x", echo("get"))
                .build();
        assertThat(text(get(r, "/x"))).isEqualTo("get {}");
        assertThat(text(send(r, Method.DELETE, "/x"))).isEqualTo("any {}");
        assertThat(text(send(r, Method.OPTIONS, "/x"))).isEqualTo("any {}");
    }

    @Test
    void fallback_answersUnmatchedPaths_butNot405() {
        Router r = Router.builder()
                .routeService(Method.GET, "/a", echo("a"))
                .fallback(q -> Response.text(Status.NOT_FOUND, "custom " + q.path()))
                .build();
        assertThat(text(get(r, "/zzz"))).isEqualTo("custom /zzz");
        assertThat(send(r, Method.POST, "/a").status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
    }

    @Test
    void nest_prefixesRoutes_andItsFallbackCoversThePrefix() {
        Router api = Router.builder()
                .routeService(Method.GET, "/", echo("api-root"))
                .routeService(Method.GET, "/users/{id}", echo("user"))
                .fallbackService(Service.of(q -> Futures.ready(Response.text(Status.NOT_FOUND, "api 404"))))
                .build();
        Router r = Router.builder()
                .routeService(Method.GET, "/", echo("root"))
                .nest("/api/v1", api)
                .fallback(q -> Response.text(Status.NOT_FOUND, "site 404"))
                .build();
        Request q = req(Method.GET, "/api/v1/users/9");
        assertThat(text(RT.blockOn(r.call(q)))).isEqualTo("user {id=9}");
        assertThat(PathParams.of(q).route()).isEqualTo("/api/v1/users/{id}");
        assertThat(text(get(r, "/api/v1"))).isEqualTo("api-root {}");
        assertThat(text(get(r, "/api/v1/nope/deeper"))).isEqualTo("api 404");
        assertThat(text(get(r, "/api/v2/x"))).isEqualTo("site 404");
        assertThat(text(get(r, "/"))).isEqualTo("root {}");
    }

    @Test
    void nest_twoLevelsWithParamInPrefix_captureEverything() {
        Router inner = Router.builder().routeService(Method.GET, "/items/{item}", echo("i")).build();
        Router mid = Router.builder().nest("/shops/{shop}", inner).build();
        Router r = Router.builder().nest("/api", mid).build();
        assertThat(text(get(r, "/api/shops/s1/items/i2"))).isEqualTo("i {shop=s1, item=i2}");
    }

    @Test
    void build_sameMethodAndShape_isRejectedNamingBothRoutes() {
        Router.Builder b = Router.builder()
                .routeService(Method.GET, "/users/{id}", echo("a"))
                .routeService(Method.GET, "/users/{name}", echo("b"));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET /users/{name}").hasMessageContaining("GET /users/{id}")
                .hasMessageContaining("/users/{}");
    }

    @Test
    void build_conflictThroughNesting_isRejected() {
        Router sub = Router.builder().routeService(Method.GET, "/x", echo("a")).build();
        Router.Builder b = Router.builder().routeService(Method.GET, "/api/x", echo("b")).nest("/api", sub);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route conflict");
    }

    @Test
    void route_malformedPatterns_failFastWithTheReason() {
        Router.Builder b = Router.builder();
        Service<Request, Response> s = echo("x");
        assertThatThrownBy(() -> b.routeService(Method.GET, "users", s)).hasMessageContaining("starting with /");
        assertThatThrownBy(() -> b.routeService(Method.GET, "/file.{ext}", s)).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> b.routeService(Method.GET, "/{*a}/b", s)).hasMessageContaining("last segment");
        assertThatThrownBy(() -> b.routeService(Method.GET, "/{a}/{a}", s)).hasMessageContaining("twice");
        assertThatThrownBy(() -> b.routeService(Method.GET, "/{}", s)).hasMessageContaining("{name}");
        assertThatThrownBy(() -> b.nest("/api/", Router.builder().build())).hasMessageContaining("does not end");
        assertThatThrownBy(() -> b.nest("/a/{*r}", Router.builder().build())).hasMessageContaining("wildcard");
    }

    @Test
    void call_manyStaticSiblings_allFound() {
        Router.Builder b = Router.builder();
        for (int i = 0; i < 200; i++) b.routeService(Method.GET, "/r" + i + "/leaf", echo("r" + i));
        Router r = b.build();
        for (int i = 0; i < 200; i++) assertThat(text(get(r, "/r" + i + "/leaf"))).isEqualTo("r" + i + " {}");
        assertThat(get(r, "/r200/leaf").status()).isEqualTo(Status.NOT_FOUND);
    }

    /** A service whose readiness is a switch, counting calls. */
    private static final class Gate implements Service<Request, Response> {
        boolean open;
        Waker waiter;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Poll<Void> pollReady(Context cx) {
            if (open) return Poll.ready(null);
            waiter = cx.waker();
            return Poll.pending();
        }

        @Override
        public Future<Response> call(Request request) {
            calls.incrementAndGet();
            return Futures.ready(Response.text("through"));
        }

        void open() {
            open = true;
            waiter.wake();
        }
    }

    @Test
    void call_pollBasedRoute_waitsForReadinessBeforeCalling() {
        Gate gate = new Gate();
        Router r = Router.builder().routeService(Method.GET, "/g", gate).build();
        TestTask<Response> t = TestTask.of(r.call(req(Method.GET, "/g")));
        t.pollPending();
        assertThat(gate.calls).hasValue(0);
        gate.open();
        assertThat(t.takeWoken()).isTrue();
        assertThat(t.pollReady().status()).isEqualTo(Status.OK);
        assertThat(gate.calls).hasValue(1);
    }

    @Test
    void call_cancelledWhileWaitingForReadiness_neverCallsTheRoute() {
        Gate gate = new Gate();
        Router r = Router.builder().routeService(Method.GET, "/g", gate).build();
        TestTask<Response> t = TestTask.of(r.call(req(Method.GET, "/g")));
        t.pollPending();
        t.cancel();
        gate.open = true;
        assertThat(gate.calls).hasValue(0);
    }

    @Test
    void call_asyncHandlerCancelled_interruptsIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        Router r = Router.builder().get("/slow", q -> {
            started.countDown();
            try {
                Futures.pending().await();
            } finally {
                interrupted.countDown();
            }
            return Response.text("never");
        }).build();
        Future<Response> f = r.call(req(Method.GET, "/slow"));
        TestTask<Response> t = TestTask.of(f);
        t.pollPending();
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        t.cancel();
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pathParams_ofUnroutedRequest_isEmpty_andGetNamesTheRouteOnMiss() {
        assertThat(PathParams.of(Request.get("/x"))).isSameAs(PathParams.EMPTY);
        Router r = Router.builder().routeService(Method.GET, "/u/{id}", echo("u")).build();
        Request q = req(Method.GET, "/u/1");
        RT.blockOn(r.call(q));
        PathParams p = PathParams.of(q);
        assertThat(p.find("nope")).isEmpty();
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.name(0)).isEqualTo("id");
        assertThat(p.value(0)).isEqualTo("1");
        assertThatThrownBy(() -> p.get("nope")).hasMessageContaining("[id]").hasMessageContaining("/u/{id}");
    }

    @Test
    void call_absoluteFormTarget_routesByItsPath() {
        Router r = Router.builder().routeService(Method.GET, "/a/{x}", echo("a")).build();
        assertThat(text(get(r, "http://example.com/a/1?q"))).isEqualTo("a {x=1}");
    }

    @Test
    void call_perRouteConcurrencyLimit_holdsBackThatRouteOnly() {
        dev.weft.http.layer.ConcurrencyLimitLayer.ConcurrencyLimit<Request, Response> one =
                dev.weft.http.layer.ConcurrencyLimitLayer.<Request, Response>of(1).layer(Service.of(req -> Futures.pending()));
        Router r = Router.builder()
                .routeService(Method.GET, "/limited", one)
                .routeService(Method.GET, "/free", echo("free"))
                .build();
        TestTask<Response> first = TestTask.of(r.call(req(Method.GET, "/limited")));
        first.pollPending();
        TestTask<Response> second = TestTask.of(r.call(req(Method.GET, "/limited")));
        second.pollPending();
        assertThat(one.inFlight()).isEqualTo(1);
        assertThat(one.waiting()).isEqualTo(1);
        assertThat(TestTask.of(r.call(req(Method.GET, "/free"))).pollReady().status()).isEqualTo(Status.OK);
        first.cancel();
        assertThat(second.takeWoken()).isTrue();
        second.pollPending(); // now in flight
        assertThat(one.inFlight()).isEqualTo(1);
        second.cancel();
        assertThat(one.available()).isEqualTo(1);
    }
}

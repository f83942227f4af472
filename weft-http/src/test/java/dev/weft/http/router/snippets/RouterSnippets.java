package dev.weft.http.router.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.router.PathParams;
import dev.weft.http.router.Router;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.http.router's javadoc pulls in; each runs as a test. */
class RouterSnippets {

    private final Service<Request, Response> plaintext =
            Service.of(req -> Futures.ready(Response.text("Hello, World!")));

    private Response createUser(Request req) {
        return Response.of(Status.CREATED);
    }

    private Response serveFile(Request req) {
        return Response.text("file " + PathParams.of(req).get("rest"));
    }

    @Test
    void router() {
        // @start region=router
        Router api = Router.builder()
                .get("/users/{id}", req -> Response.text("user " + PathParams.of(req).get("id")))  // async block
                .post("/users", this::createUser)
                .build();
        Router router = Router.builder()
                .routeService(Method.GET, "/plaintext", plaintext)   // a poll-based Service: no thread per request
                .get("/static/{*rest}", this::serveFile)
                .nest("/api/v1", api)
                .fallback(req -> Response.text(Status.NOT_FOUND, "no such page"))
                .build();
        // @end
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Response user = rt.blockOn(router.call(Request.get("/api/v1/users/42")));
            assertThat(new String(rt.blockOn(user.body().bytes(100)), StandardCharsets.UTF_8)).isEqualTo("user 42");
            assertThat(rt.blockOn(router.call(Request.get("/static/a/b.css"))).status()).isEqualTo(Status.OK);
            assertThat(rt.blockOn(router.call(Request.get("/nope"))).status()).isEqualTo(Status.NOT_FOUND);
            assertThat(rt.blockOn(router.call(Request.post("/api/v1/users", dev.weft.http.Body.empty()))).status())
                    .isEqualTo(Status.CREATED);
        }
    }
}

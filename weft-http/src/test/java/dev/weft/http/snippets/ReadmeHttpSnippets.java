package dev.weft.http.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.client.HttpClient;
import dev.weft.http.layer.CatchPanicLayer;
import dev.weft.http.layer.RequestIdLayer;
import dev.weft.http.layer.TimeoutLayer;
import dev.weft.http.router.PathParams;
import dev.weft.http.router.Router;
import dev.weft.http.server.DrainReport;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.runtime.WeftRuntime;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's "HTTP: a server in a few lines", run: the same stack on an ephemeral port, one request through
 * weft-http's client, then the graceful shutdown (the README waits for ctrl-c where this test sends the request).
 */
class ReadmeHttpSnippets {

    @Test
    void readmeServer_answersHelloAndDrainsCleanly() {
        DrainReport report = WeftRuntime.run(() -> {
            Router app = Router.builder()
                    .get("/hello/{name}", req -> Response.text("Hello, " + PathParams.of(req).get("name")))
                    .build();
            Service<Request, Response> service = ServiceBuilder.<Request, Response>create()
                    .layer(RequestIdLayer.create())
                    .layer(CatchPanicLayer.create())
                    .layer(TimeoutLayer.of(Duration.ofSeconds(5)))
                    .service(app);
            HttpServer server = HttpServer.bind(new InetSocketAddress("127.0.0.1", 0), ServerConfig.defaults(), service);
            try (HttpClient client = HttpClient.builder().build()) {
                InetSocketAddress at = server.localAddress();
                Response r = client.send(Request.get("http://127.0.0.1:" + at.getPort() + "/hello/weft")).await();
                assertThat(r.status().code()).isEqualTo(200);
                assertThat(r.headers().get("X-Request-Id")).isPresent();
                assertThat(r.body().text(1024).await()).isEqualTo("Hello, weft");
            }
            return server.shutdown(Duration.ofSeconds(10)).await();
        });
        assertThat(report.isClean()).isTrue();
    }
}

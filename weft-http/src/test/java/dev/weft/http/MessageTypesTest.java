package dev.weft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.runtime.WeftRuntime;
import dev.weft.stream.Streams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTypesTest {

    private static final WeftRuntime RT = WeftRuntime.currentThread().build();

    @Test
    void headers_lookupIsCaseInsensitiveAndKeepsOrder() {
        Headers h = new Headers().add("Content-Type", "text/plain").add("Set-Cookie", "a=1").add("set-cookie", "b=2");
        assertThat(h.get("content-type")).contains("text/plain");
        assertThat(h.all("SET-COOKIE")).containsExactly("a=1", "b=2");
        h.set("Set-Cookie", "c=3");
        assertThat(h.all("set-cookie")).containsExactly("c=3");
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.remove("content-type")).isTrue();
        assertThat(h.contains("Content-Type")).isFalse();
    }

    @Test
    void headers_containsToken_readsCommaLists() {
        Headers h = new Headers().add("Connection", "keep-alive, Close");
        assertThat(h.containsToken("connection", "close")).isTrue();
        assertThat(h.containsToken("connection", "upgrade")).isFalse();
    }

    @Test
    void headers_add_rejectsInjection() {
        assertThatThrownBy(() -> new Headers().add("X-A", "v\r\nX-B: evil"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header value of X-A");
        assertThatThrownBy(() -> new Headers().add("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name: \"Bad Name\"");
    }

    @Test
    void request_splitsOriginAbsoluteAndAsteriskTargets() {
        Request origin = Request.get("/a/b?x=1&y=2").header("Host", "example.com");
        assertThat(origin.path()).isEqualTo("/a/b");
        assertThat(origin.query()).contains("x=1&y=2");
        assertThat(origin.authority()).contains("example.com");

        Request absolute = Request.get("http://other.org:8080/p?q").header("Host", "example.com");
        assertThat(absolute.path()).isEqualTo("/p");
        assertThat(absolute.query()).contains("q");
        assertThat(absolute.authority()).contains("other.org:8080");

        Request bare = Request.get("http://other.org");
        assertThat(bare.path()).isEqualTo("/");
        assertThat(bare.query()).isEmpty();

        Request star = new Request(Method.OPTIONS, "*", Version.HTTP_1_1, new Headers(), Body.empty());
        assertThat(star.path()).isEqualTo("*");
    }

    @Test
    void request_rejectsSpacesInTarget() {
        assertThatThrownBy(() -> Request.get("/a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
    }

    @Test
    void request_keepAlive_followsVersionAndConnection() {
        assertThat(Request.get("/").keepAlive()).isTrue();
        assertThat(Request.get("/").header("Connection", "close").keepAlive()).isFalse();
        Request old = new Request(Method.GET, "/", Version.HTTP_1_0, new Headers(), Body.empty());
        assertThat(old.keepAlive()).isFalse();
        old.header("Connection", "Keep-Alive");
        assertThat(old.keepAlive()).isTrue();
    }

    @Test
    void method_of_sharesStandardConstantsAndValidatesTokens() {
        assertThat(Method.of("GET")).isSameAs(Method.GET);
        assertThat(Method.of("PURGE").name()).isEqualTo("PURGE");
        assertThat(Method.PUT.isIdempotent()).isTrue();
        assertThat(Method.POST.isIdempotent()).isFalse();
        assertThatThrownBy(() -> Method.of("GE T")).hasMessageContaining("method: \"GE T\"");
    }

    @Test
    void status_validatesRangeAndKnowsReasons() {
        assertThat(Status.of(404).reason()).isEqualTo("Not Found");
        assertThat(Status.of(299).reason()).isEmpty();
        assertThat(Status.NO_CONTENT.forbidsBody()).isTrue();
        assertThatThrownBy(() -> Status.of(600)).hasMessage("status code: 600 (expected: 100..599)");
    }

    @Test
    void body_bytes_collectsStreamedChunks() {
        Body body = Body.fromStream(Streams.fromIterable(List.of(buf("Hello, "), buf("World!"))));
        assertThat(body.contentLength()).isEqualTo(-1);
        assertThat(RT.blockOn(body.text(100))).isEqualTo("Hello, World!");
    }

    @Test
    void body_bytes_failsPastTheLimit() {
        Body declared = Body.of("0123456789");
        assertThatThrownBy(() -> RT.blockOn(declared.bytes(5)))
                .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("limit of 5 bytes");
        Body streamed = Body.fromStream(Streams.fromIterable(List.of(buf("0123"), buf("4567"))));
        assertThatThrownBy(() -> RT.blockOn(streamed.bytes(5)))
                .isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void fullBody_yieldsOneChunkButKeepsData() {
        Body.Full full = (Body.Full) Body.of("abc");
        List<String> chunks = new ArrayList<>();
        RT.blockOn(full.forEach(b -> chunks.add(StandardCharsets.UTF_8.decode(b).toString())));
        assertThat(chunks).containsExactly("abc");
        assertThat(StandardCharsets.UTF_8.decode(full.data()).toString()).isEqualTo("abc");
    }

    @Test
    void serviceBuilder_firstLayerIsOutermost() {
        List<String> order = new ArrayList<>();
        Layer<String, String> a = inner -> req -> { order.add("a"); return inner.call(req).map(r -> r + "a"); };
        Layer<String, String> b = inner -> req -> { order.add("b"); return inner.call(req).map(r -> r + "b"); };
        Service<String, String> svc = ServiceBuilder.<String, String>create().layer(a).layer(b)
                .service(Service.of(req -> Futures.ready(req + "!")));
        String out = RT.blockOn(svc.call("x"));
        assertThat(order).containsExactly("a", "b");
        assertThat(out).isEqualTo("x!ba");
    }

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}

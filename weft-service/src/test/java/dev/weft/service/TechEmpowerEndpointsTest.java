package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.service.TestDatabases.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The TechEmpower endpoints, by their test requirements, on SQLite and PostgreSQL. */
class TechEmpowerEndpointsTest {

    private static void assertWorld(JsonNode w) {
        assertThat(w.isObject()).as("%s", w).isTrue();
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.path("id").isInt()).isTrue();
        assertThat(w.path("randomNumber").isInt()).isTrue();
        assertThat(w.path("id").asInt()).isBetween(1, 10_000);
        assertThat(w.path("randomNumber").asInt()).isBetween(1, 10_000);
    }

    private static void assertCommonHeaders(Exchange e) {
        assertThat(e.header("Server")).contains("weft");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void plaintext_get_helloWorldAsTextPlain(Kind kind) {
        Exchange e = Fixture.shared(kind).client.get("/plaintext");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.text()).isEqualTo("Hello, World!");
        assertThat(e.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertCommonHeaders(e);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void json_get_messageObjectAsApplicationJson(Kind kind) {
        Exchange e = Fixture.shared(kind).client.get("/json");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.text()).isEqualTo("{\"message\":\"Hello, World!\"}");
        assertThat(e.header("Content-Type")).contains("application/json");
        assertCommonHeaders(e);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void db_get_oneWorldObject(Kind kind) {
        Exchange e = Fixture.shared(kind).client.get("/db");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.header("Content-Type")).contains("application/json");
        assertWorld(e.json());
        assertCommonHeaders(e);
    }

    @ParameterizedTest
    @CsvSource({
        "SQLITE,/queries?queries=10,10", "SQLITE,/queries?queries=0,1", "SQLITE,/queries?queries=foo,1",
        "SQLITE,/queries,1", "SQLITE,/queries?queries=,1", "SQLITE,/queries?queries=501,500",
        "SQLITE,/queries?queries=-3,1", "SQLITE,/queries?queries=99999999999999999999,500",
        "POSTGRES,/queries?queries=10,10", "POSTGRES,/queries?queries=0,1", "POSTGRES,/queries?queries=foo,1",
        "POSTGRES,/queries,1", "POSTGRES,/queries?queries=501,500", "POSTGRES,/queries?queries=1.5,1"})
    void queries_anyParameter_clampedArrayOfWorlds(Kind kind, String path, int expected) {
        Exchange e = Fixture.shared(kind).client.get(path);
        assertThat(e.status()).isEqualTo(200);
        JsonNode arr = e.json();
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.size()).isEqualTo(expected);
        arr.forEach(TechEmpowerEndpointsTest::assertWorld);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortunes_get_sortedEscapedUtf8PageWithTheAddedFortune(Kind kind) {
        Exchange e = Fixture.shared(kind).client.get("/fortunes");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.header("Content-Type")).contains("text/html; charset=utf-8");
        String expected = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>"
                + "<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>"
                + "<tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1</td></tr>"
                + "<tr><td>5</td><td>A computer program does what you tell it to do, not what you want it to do.</td></tr>"
                + "<tr><td>2</td><td>A computer scientist is someone who fixes things that aren&#39;t broken.</td></tr>"
                + "<tr><td>8</td><td>A list is only as strong as its weakest link. — Donald Knuth</td></tr>"
                + "<tr><td>0</td><td>Additional fortune added at request time.</td></tr>"
                + "<tr><td>3</td><td>After enough decimal places, nobody gives a damn.</td></tr>"
                + "<tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>"
                + "<tr><td>10</td><td>Computers make very fast, very accurate mistakes.</td></tr>"
                + "<tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen</td></tr>"
                + "<tr><td>9</td><td>Feature: A bug with seniority.</td></tr>"
                + "<tr><td>1</td><td>fortune: No such file or directory</td></tr>"
                + "<tr><td>12</td><td>フレームワークのベンチマーク</td></tr>"
                + "</table></body></html>";
        assertThat(e.text()).isEqualTo(expected);
        assertCommonHeaders(e);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void updates_get_returnsNewNumbersThatTheDatabaseHolds(Kind kind) throws Exception {
        Fixture f = Fixture.shared(kind);
        Exchange e = f.client.get("/updates?queries=7");
        assertThat(e.status()).isEqualTo(200);
        JsonNode arr = e.json();
        assertThat(arr.size()).isEqualTo(7);
        for (JsonNode w : arr) {
            assertWorld(w);
            int id = w.get("id").asInt();
            int stored = f.runtime.blockOn(f.service.db().call(sql ->
                    dev.weft.service.db.WorldRepository.find(sql, id).orElseThrow().randomNumber()));
            assertThat(stored).isEqualTo(w.get("randomNumber").asInt());
        }
        assertThat(f.client.get("/updates?queries=oops").json().size()).isEqualTo(1);
        assertThat(f.client.get("/updates?queries=600").json().size()).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource({"SQLITE,20,20", "SQLITE,abc,1", "SQLITE,1000,500", "POSTGRES,20,20", "POSTGRES,0,1", "POSTGRES,1000,500"})
    void cachedQueries_count_clampedWorldsFromTheCache(Kind kind, String count, int expected) {
        Fixture f = Fixture.shared(kind);
        Exchange first = f.client.get("/cached-queries?count=" + count);
        Exchange again = f.client.get("/cached-queries?count=" + count);
        for (Exchange e : List.of(first, again)) {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.json().size()).isEqualTo(expected);
            e.json().forEach(TechEmpowerEndpointsTest::assertWorld);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unknownRoute_get_404Problem(Kind kind) {
        Problems.assertProblem(Fixture.shared(kind).client.get("/nope/nothing"), 404);
        Problems.assertProblem(Fixture.shared(kind).client.get("/api/v1/nothing-here"), 404);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void knownRoute_wrongMethod_405ProblemWithAllow(Kind kind) {
        Exchange e = Fixture.shared(kind).client.send("POST", "/json", Map.of(), new byte[0]);
        Problems.assertProblem(e, 405);
        assertThat(e.header("Allow")).contains("GET, HEAD");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void healthReadyMetrics_get_answerWithMetersOfRequestsRuntimeAndPool(Kind kind) {
        Fixture f = Fixture.shared(kind);
        assertThat(f.client.get("/health").status()).isEqualTo(200);
        Exchange ready = f.client.get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("database").asText()).isEqualTo(kind.name().toLowerCase(java.util.Locale.ROOT));
        f.client.get("/plaintext");
        String m = f.client.get("/metrics").text();
        assertThat(m).contains("http_server_requests_seconds_bucket{")
                .contains("route=\"/plaintext\"")
                .contains("status=\"200\"")
                .contains("weft_runtime_workers")
                .contains("weft_runtime_polls_total")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes");
    }
}

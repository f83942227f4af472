package dev.weft.service;

import static dev.weft.service.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.service.TestDatabases.Kind;
import dev.weft.service.api.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The /api/v1 pipeline (auth, rate limit, resources) and its error paths, on SQLite and PostgreSQL. */
class ApiTest {

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Exchange putWorld(Fixture f, int id, String ifMatch, String contentType, String body) {
        Map<String, String> h = new HashMap<>(f.auth());
        if (ifMatch != null) h.put("If-Match", ifMatch);
        if (contentType != null) h.put("Content-Type", contentType);
        return f.client.send("PUT", "/api/v1/worlds/" + id, h, utf8(body));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void auth_missingOrWrong_401WithBearerChallenge(Kind kind) {
        Fixture f = Fixture.shared(kind);
        Exchange none = f.client.get("/api/v1/worlds/1");
        assertProblem(none, 401);
        assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"weft\"");

        Exchange basic = f.client.get("/api/v1/worlds/1", Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertProblem(basic, 401);
        assertThat(basic.header("WWW-Authenticate")).contains("Bearer realm=\"weft\"");

        Exchange malformed = f.client.get("/api/v1/worlds/1", Map.of("Authorization", "Bearer not-a-key"));
        assertProblem(malformed, 401);
        assertThat(malformed.header("WWW-Authenticate")).contains("Bearer realm=\"weft\", error=\"invalid_token\"");

        Exchange unknown = f.client.get("/api/v1/worlds/1", Map.of("Authorization", "Bearer " + ApiKeys.generate()));
        assertProblem(unknown, 401);
        assertThat(unknown.header("WWW-Authenticate")).contains("Bearer realm=\"weft\", error=\"invalid_token\"");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void auth_revokedKey_401OnceTheCacheEntryExpires(Kind kind) throws Exception {
        try (Fixture f = Fixture.open(kind, "--auth-cache-ttl", "0s")) {
            String key = ApiKeys.create(f.service.db(), "bob");
            Map<String, String> h = Map.of("Authorization", "Bearer " + key);
            assertThat(f.client.get("/api/v1/worlds/5", h).status()).isEqualTo(200);
            assertThat(ApiKeys.revoke(f.service.db(), "bob")).isEqualTo(1);
            assertProblem(f.client.get("/api/v1/worlds/5", h), 401);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rateLimit_burstExhausted_429WithRetryAfterAndRateLimitHeaders(Kind kind) throws Exception {
        try (Fixture f = Fixture.open(kind, "--rate-limit", "2", "--rate-period", "1m", "--rate-burst", "2")) {
            Exchange first = f.client.get("/api/v1/worlds/1", f.auth());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("RateLimit-Limit")).contains("2");
            assertThat(first.header("RateLimit-Remaining")).contains("1");
            assertThat(first.header("RateLimit-Reset")).isPresent();
            Exchange second = f.client.get("/api/v1/fortunes", f.auth());
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("RateLimit-Remaining")).contains("0");
            Exchange third = f.client.get("/api/v1/worlds/1", f.auth());
            assertProblem(third, 429);
            assertThat(Long.parseLong(third.header("Retry-After").orElseThrow())).isBetween(1L, 30L);
            assertThat(third.header("RateLimit-Remaining")).contains("0");
            // another key has its own cell
            String other = ApiKeys.create(f.service.db(), "carol");
            assertThat(f.client.get("/api/v1/worlds/1", Map.of("Authorization", "Bearer " + other)).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void world_getThenPutWithItsETag_updatesAndStaleTagGets412(Kind kind) {
        Fixture f = Fixture.shared(kind);
        Exchange got = f.client.get("/api/v1/worlds/77", f.auth());
        assertThat(got.status()).isEqualTo(200);
        String tag = got.header("ETag").orElseThrow();
        int n = got.json().get("randomNumber").asInt();
        int next = n % 10_000 + 1;

        Exchange notModified = f.client.get("/api/v1/worlds/77", with(f.auth(), "If-None-Match", tag));
        assertThat(notModified.status()).isEqualTo(304);

        Exchange put = putWorld(f, 77, tag, "application/json", "{\"randomNumber\":" + next + "}");
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().get("randomNumber").asInt()).isEqualTo(next);
        String newTag = put.header("ETag").orElseThrow();
        assertThat(newTag).isNotEqualTo(tag);

        Exchange stale = putWorld(f, 77, tag, "application/json", "{\"randomNumber\":5}");
        assertProblem(stale, 412);
        assertThat(stale.header("ETag")).contains(newTag);

        Exchange reread = f.client.get("/api/v1/worlds/77", f.auth());
        assertThat(reread.json().get("randomNumber").asInt()).isEqualTo(next);

        Exchange star = putWorld(f, 77, "*", "application/json", "{\"id\":77,\"randomNumber\":9}");
        assertThat(star.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void worldPut_withoutIfMatch_428(Kind kind) {
        Fixture f = Fixture.shared(kind);
        assertProblem(putWorld(f, 3, null, "application/json", "{\"randomNumber\":5}"), 428);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void worldPut_badBodies_400For415For422For413(Kind kind) {
        Fixture f = Fixture.shared(kind);
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":"), 400);
        assertProblem(putWorld(f, 3, "*", "application/json", ""), 400);
        assertProblem(putWorld(f, 3, "*", "text/plain", "{\"randomNumber\":5}"), 415);
        assertProblem(putWorld(f, 3, "*", null, "{\"randomNumber\":5}"), 415);
        JsonNode wrongType = assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":\"5\"}"), 422);
        assertThat(wrongType.get("errors").get(0).get("pointer").asText()).isEqualTo("/randomNumber");
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":0}"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":5.5}"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":99999999999999999999}"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "[1,2]"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"randomNumber\":5,\"extra\":true}"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "{\"id\":4,\"randomNumber\":5}"), 422);
        assertProblem(putWorld(f, 3, "*", "application/json", "{}"), 422);
        String huge = "{\"randomNumber\":5,\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(putWorld(f, 3, "*", "application/json", huge), 413);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void world_badOrMissingId_400Or404(Kind kind) {
        Fixture f = Fixture.shared(kind);
        assertProblem(f.client.get("/api/v1/worlds/abc", f.auth()), 400);
        assertProblem(f.client.get("/api/v1/worlds/-1", f.auth()), 400);
        assertProblem(f.client.get("/api/v1/worlds/99999999999", f.auth()), 400);
        assertProblem(f.client.get("/api/v1/worlds/0", f.auth()), 404);
        assertProblem(f.client.get("/api/v1/worlds/10001", f.auth()), 404);
        assertProblem(putWorld(f, 10_001, "*", "application/json", "{\"randomNumber\":5}"), 404);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortunes_postValid_201WithLocationAndListed(Kind kind) throws Exception {
        try (Fixture f = Fixture.open(kind)) {
            Exchange created = f.client.send("POST", "/api/v1/fortunes",
                    with(f.auth(), "Content-Type", "application/json"), utf8("{\"message\":\"<b>bold</b> & ünïcode\"}"));
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            int id = created.json().get("id").asInt();
            assertThat(id).isEqualTo(13);
            assertThat(created.header("Location")).contains("/api/v1/fortunes/13");
            Exchange one = f.client.get("/api/v1/fortunes/13", f.auth());
            assertThat(one.json().get("message").asText()).isEqualTo("<b>bold</b> & ünïcode");
            assertThat(f.client.get("/fortunes").text()).contains("&lt;b&gt;bold&lt;/b&gt; &amp; ünïcode");
            assertProblem(f.client.get("/api/v1/fortunes/99", f.auth()), 404);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortunes_postInvalid_422ListingEachField(Kind kind) {
        Fixture f = Fixture.shared(kind);
        Map<String, String> h = with(f.auth(), "Content-Type", "application/json");
        String[] bad = {"{}", "{\"message\":\"   \"}", "{\"message\":42}", "{\"message\":null}",
            "{\"message\":\"" + "m".repeat(2049) + "\"}", "{\"message\":\"ok\",\"id\":1}", "{\"message\":\"a\\u0000b\"}", "\"text\""};
        for (String body : bad) {
            JsonNode p = assertProblem(f.client.send("POST", "/api/v1/fortunes", h, utf8(body)), 422);
            assertThat(p.get("errors").isArray()).as(body).isTrue();
        }
        assertProblem(f.client.send("POST", "/api/v1/fortunes", h, utf8("{\"message\": \"unterminated")), 400);
        assertProblem(f.client.send("POST", "/api/v1/fortunes", h, utf8("{\"message\":\"a\"} trailing")), 400);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortunesList_pages_walkEveryFortuneOnceAndBadParams400(Kind kind) {
        Fixture f = Fixture.shared(kind);
        Exchange p1 = f.client.get("/api/v1/fortunes?limit=5", f.auth());
        assertThat(p1.status()).isEqualTo(200);
        assertThat(p1.json().get("items").size()).isEqualTo(5);
        assertThat(p1.json().get("items").get(0).get("id").asInt()).isEqualTo(1);
        long next = p1.json().get("next").asLong();
        assertThat(next).isEqualTo(5);
        assertThat(p1.header("Link")).contains("</api/v1/fortunes?limit=5&after=5>; rel=\"next\"");
        Exchange p2 = f.client.get("/api/v1/fortunes?limit=5&after=5", f.auth());
        assertThat(p2.json().get("items").get(0).get("id").asInt()).isEqualTo(6);

        for (String q : new String[] {"limit=0", "limit=101", "limit=x", "after=-1", "after=abc", "limit=1.5"}) {
            JsonNode p = assertProblem(f.client.get("/api/v1/fortunes?" + q, f.auth()), 400);
            assertThat(p.get("errors")).as(q).isNotNull();
        }
    }
}

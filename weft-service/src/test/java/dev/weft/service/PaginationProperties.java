package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.service.TestDatabases.Kind;
import dev.weft.service.db.Fortune;
import dev.weft.service.db.FortuneRepository;
import dev.weft.service.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties of {@code GET /api/v1/fortunes?limit=&after=} and of input validation, on both databases: walking
 * the pages from the start visits every fortune exactly once in id order, whatever the page size and however
 * many fortunes were added; and no body, however malformed, gets a 500 or a non-problem error.
 */
class PaginationProperties {
    private static final Map<Kind, Fixture> FIXTURES = new HashMap<>();

    private static synchronized Fixture fixture(Kind kind) throws Exception {
        Fixture f = FIXTURES.get(kind);
        if (f == null) {
            f = Fixture.open(kind, "--rate-limit", "1000000", "--rate-burst", "1000000");
            FIXTURES.put(kind, f);
        }
        return f;
    }

    @AfterContainer
    static void closeAll() throws Exception {
        for (Fixture f : FIXTURES.values()) f.close();
        FIXTURES.clear();
    }

    private static void walk(Kind kind, List<String> added, int limit) throws Exception {
        Fixture f = fixture(kind);
        for (String m : added) {
            f.runtime.blockOn(f.service.db().call(sql -> FortuneRepository.insert(sql, m)));
        }
        List<Integer> expected = new ArrayList<>();
        for (Fortune x : f.runtime.blockOn(f.service.db().call(sql -> FortuneRepository.page(sql, 0, Integer.MAX_VALUE)))) {
            expected.add(x.id());
        }
        List<Integer> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String q = "/api/v1/fortunes?limit=" + limit + (after == null ? "" : "&after=" + after);
            Exchange e = f.client.get(q, f.auth());
            assertThat(e.status()).as("%s", e).isEqualTo(200);
            JsonNode body = e.json();
            JsonNode items = body.get("items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            items.forEach(i -> seen.add(i.get("id").asInt()));
            JsonNode next = body.get("next");
            after = next.isNull() ? null : next.asText();
            if (after != null) assertThat(items.size()).isEqualTo(limit);
            assertThat(++pages).isLessThanOrEqualTo(expected.size() / limit + 2);
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Property(tries = 40)
    void pages_walkedFromStart_visitEveryFortuneOnceInIdOrder_sqlite(
            @ForAll @Size(max = 8) List<@StringLength(min = 1, max = 40) String> added,
            @ForAll @IntRange(min = 1, max = 100) int limit) throws Exception {
        walk(Kind.SQLITE, sanitize(added), limit);
    }

    @Property(tries = 25)
    void pages_walkedFromStart_visitEveryFortuneOnceInIdOrder_postgres(
            @ForAll @Size(max = 8) List<@StringLength(min = 1, max = 40) String> added,
            @ForAll @IntRange(min = 1, max = 100) int limit) throws Exception {
        walk(Kind.POSTGRES, sanitize(added), limit);
    }

    /** Messages the database accepts as text (PostgreSQL refuses NUL in text; the API refuses it too). */
    private static List<String> sanitize(List<String> in) {
        return in.stream().map(s -> s.replace('\0', '0')).toList();
    }

    @Property(tries = 150)
    void anyBody_postedToFortunes_getsCreatedOrAProblemNever500(@ForAll @StringLength(max = 300) String raw,
            @ForAll boolean wrapAsMessage) throws Exception {
        Fixture f = fixture(Kind.SQLITE);
        String body = wrapAsMessage ? "{\"message\":" + new String(Json.bytes(raw), StandardCharsets.UTF_8) + "}" : raw;
        Map<String, String> h = new HashMap<>(f.auth());
        h.put("Content-Type", "application/json");
        Exchange e = f.client.send("POST", "/api/v1/fortunes", h, body.getBytes(StandardCharsets.UTF_8));
        if (e.status() == 201) {
            assertThat(wrapAsMessage).as("only a {\"message\": ...} object can be created").isTrue();
            assertThat(e.json().get("message").asText()).isEqualTo(raw);
        } else {
            Problems.assertProblem(e, e.status());
            assertThat(e.status()).isIn(400, 422);
        }
    }
}

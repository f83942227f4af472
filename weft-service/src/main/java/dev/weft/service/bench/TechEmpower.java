package dev.weft.service.bench;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.service.db.Db;
import dev.weft.service.db.Fortune;
import dev.weft.service.db.World;
import dev.weft.service.http.Json;
import dev.weft.service.http.Routes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TechEmpower Framework Benchmarks endpoints, by their test requirements.
 *
 * <p>All are poll-based: each handler is a function from the request to a future (a database future from
 * {@link TechEmpowerData} mapped to a response), so a request costs no virtual thread. On SQLite the JDBC work
 * runs on the database threads ({@link Db#call}); on PostgreSQL the queries go through the pipelining client
 * unless {@code --pg-client jdbc} is given. {@code Server} is added by the service's outer layer and {@code Date},
 * {@code Content-Length} by the HTTP server.
 * <ul>
 * <li>{@code /plaintext}: {@code Hello, World!} as {@code text/plain}.</li>
 * <li>{@code /json}: a new object serialized per request by Jackson: {@code {"message":"Hello, World!"}}.</li>
 * <li>{@code /db}: one random World row as {@code {"id":..,"randomNumber":..}}.</li>
 * <li>{@code /queries?queries=N}: N rows, one query each, as a JSON array; N clamped to 1..500 (non-integers
 *     are 1).</li>
 * <li>{@code /fortunes}: all fortunes plus "Additional fortune added at request time." (id 0), sorted by
 *     message in code (no ORDER BY), HTML-escaped, {@code text/html; charset=utf-8}.</li>
 * <li>{@code /updates?queries=N}: N rows read one by one, each given a new random number, written back in one
 *     batch; the updated rows as a JSON array.</li>
 * <li>{@code /cached-queries?count=N}: N rows from the in-process {@link WorldCache}.</li>
 * </ul>
 */
public final class TechEmpower {
    static final String HELLO = "Hello, World!";
    static final String ADDITIONAL = "Additional fortune added at request time.";
    private static final byte[] HELLO_BYTES = HELLO.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The /json payload: a class with a field, serialized by Jackson per request. */
    public record Message(String message) {}

    private final TechEmpowerData data;
    private final WorldCache cache;

    /** The endpoints over {@code data} and {@code cache}. */
    public TechEmpower(TechEmpowerData data, WorldCache cache) {
        this.data = data;
        this.cache = cache;
    }

    /** Adds the seven routes to {@code routes}. */
    public Routes addTo(Routes routes) {
        return routes.get("/plaintext", this::plaintext)
                .get("/json", this::json)
                .get("/db", this::single)
                .get("/queries", this::queries)
                .get("/fortunes", this::fortunes)
                .get("/updates", this::updates)
                .get("/cached-queries", this::cachedQueries);
    }

    Future<Response> plaintext(Request req) {
        return Futures.ready(new Response(Status.OK, new Headers().add("Content-Type", "text/plain"), Body.of(HELLO_BYTES)));
    }

    Future<Response> json(Request req) {
        return Futures.ready(Json.ok(new Message(HELLO)));
    }

    Future<Response> single(Request req) {
        return data.world(Queries.randomId()).map(Json::ok);
    }

    Future<Response> queries(Request req) {
        int[] ids = Queries.randomIds(Queries.count(req, "queries"));
        return data.worlds(ids).map(Json::ok);
    }

    Future<Response> fortunes(Request req) {
        return data.fortunes().map(list -> {
            List<Fortune> all = new ArrayList<>(list.size() + 1);
            all.addAll(list);
            all.add(new Fortune(0, ADDITIONAL));
            all.sort(Comparator.comparing(Fortune::message));
            return new Response(Status.OK, new Headers().add("Content-Type", "text/html; charset=utf-8"),
                    Body.of(FortunesPage.render(all)));
        });
    }

    Future<Response> updates(Request req) {
        int[] ids = Queries.randomIds(Queries.count(req, "queries"));
        return data.update(ids, read -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            World[] updated = new World[read.length];
            for (int i = 0; i < read.length; i++) {
                int n;
                do {
                    n = 1 + r.nextInt(10_000);
                } while (n == read[i].randomNumber()); // a new number, so every row really changes
                updated[i] = new World(read[i].id(), n);
            }
            // the same id may be drawn twice: the last value drawn for it is the one written and returned
            return updated;
        }).map(rows -> {
            for (World w : rows) cache.put(w);
            return Json.ok(lastValues(rows));
        });
    }

    Future<Response> cachedQueries(Request req) {
        int n = Queries.count(req, "count");
        int[] ids = Queries.randomIds(n);
        World[] out = new World[n];
        List<Integer> missing = null;
        for (int i = 0; i < n; i++) {
            World w = cache.get(ids[i]);
            if (w == null) {
                if (missing == null) missing = new ArrayList<>();
                missing.add(i);
            }
            out[i] = w;
        }
        if (missing == null) return Futures.ready(Json.ok(out));
        int[] missIds = missing.stream().mapToInt(i -> ids[i]).toArray();
        List<Integer> slots = missing;
        return data.worlds(missIds).map(rows -> {
            for (int k = 0; k < rows.length; k++) {
                cache.put(rows[k]);
                out[slots.get(k)] = rows[k];
            }
            return Json.ok(out);
        });
    }

    /** The rows with each id kept once, at its last value. */
    static List<World> dedupeLastWins(World[] rows) {
        java.util.Map<Integer, World> byId = new java.util.HashMap<>(rows.length * 2);
        for (World w : rows) byId.put(w.id(), w);
        return List.copyOf(byId.values());
    }

    /** {@code rows} with each row showing the last value drawn for its id (what the database now holds). */
    static World[] lastValues(World[] rows) {
        java.util.Map<Integer, World> byId = new java.util.HashMap<>(rows.length * 2);
        for (World w : rows) byId.put(w.id(), w);
        World[] out = new World[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = byId.get(rows[i].id());
        return out;
    }
}

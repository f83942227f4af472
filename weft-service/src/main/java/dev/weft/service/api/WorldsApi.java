package dev.weft.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.service.bench.WorldCache;
import dev.weft.service.db.Db;
import dev.weft.service.db.World;
import dev.weft.service.db.WorldRepository;
import dev.weft.service.http.Json;
import dev.weft.service.http.Problem;
import dev.weft.service.http.Route;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET/PUT /api/v1/worlds/{id}}: the World rows as a resource with optimistic concurrency.
 *
 * <p><b>ETags.</b> A row's entity tag is strong and derived from its representation: {@code "<id>-<number>"}.
 * Two states with the same number have the same representation, so a content tag is exactly what RFC 9110's
 * {@code If-Match} compares (no version column is needed, and the TechEmpower table stays as the benchmark
 * defines it). GET honours {@code If-None-Match} (304).
 *
 * <p><b>Writes require {@code If-Match}</b> (428 Precondition Required without it, RFC 6585): a blind
 * overwrite of a shared row is the lost-update bug this API exists to prevent; a client that really means it
 * sends {@code If-Match: *}. The write is a compare-and-set in one statement
 * ({@code UPDATE ... WHERE id = ? AND randomNumber = ?}), so two writers with the same tag cannot both win:
 * the loser gets 412 Precondition Failed with the current tag in {@code ETag}.
 *
 * <p>Handlers are async blocks (sequential code on a virtual thread) that await database futures.
 */
final class WorldsApi {
    private final Db db;
    private final WorldCache cache;
    private final long maxBodyBytes;

    WorldsApi(Db db, WorldCache cache, long maxBodyBytes) {
        this.db = db;
        this.cache = cache;
        this.maxBodyBytes = maxBodyBytes;
    }

    static String etag(World w) {
        return "\"" + w.id() + "-" + w.randomNumber() + "\"";
    }

    Response get(Request req) {
        Optional<Integer> id = id(req);
        if (id.isEmpty()) return badId(req);
        Optional<World> w = db.call(sql -> WorldRepository.find(sql, id.get())).await();
        if (w.isEmpty()) return Problem.notFound("World " + id.get() + " does not exist (ids are 1..10000).");
        String tag = etag(w.get());
        Optional<String> inm = req.headers().get("If-None-Match");
        if (inm.isPresent() && matches(inm.get(), tag, true)) {
            return Response.of(Status.NOT_MODIFIED).header("ETag", tag);
        }
        return Json.ok(w.get()).header("ETag", tag).header("Cache-Control", "no-cache");
    }

    Response put(Request req) throws Exception {
        Optional<Integer> id = id(req);
        if (id.isEmpty()) return badId(req);
        Optional<String> ifMatch = req.headers().get("If-Match");
        if (ifMatch.isEmpty()) {
            return Problem.of(Status.PRECONDITION_REQUIRED, "precondition-required",
                    "Updates need If-Match with the ETag of the World you read (or If-Match: * to overwrite).");
        }
        JsonNode body;
        try {
            body = JsonInput.readObject(req, maxBodyBytes);
        } catch (JsonInput.Rejected r) {
            return r.response;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Integer number = null;
        JsonNode rn = body.get("randomNumber");
        if (rn == null) {
            errors.add(new Problem.FieldError("/randomNumber", "required"));
        } else if (!rn.isIntegralNumber() || !rn.canConvertToInt()) {
            errors.add(new Problem.FieldError("/randomNumber", "expected an integer 1..10000, got " + JsonInput.kind(rn)));
        } else if (rn.intValue() < 1 || rn.intValue() > 10_000) {
            errors.add(new Problem.FieldError("/randomNumber", "expected an integer 1..10000, got " + rn.intValue()));
        } else {
            number = rn.intValue();
        }
        JsonNode idNode = body.get("id");
        if (idNode != null && (!idNode.isIntegralNumber() || !idNode.canConvertToInt() || idNode.intValue() != id.get())) {
            errors.add(new Problem.FieldError("/id", "must be " + id.get() + " (the id in the path) when present"));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("id") && !f.equals("randomNumber")) errors.add(new Problem.FieldError("/" + f, "unknown field"));
        }
        if (!errors.isEmpty()) return JsonInput.invalid(errors);

        int worldId = id.get();
        int newNumber = number;
        String condition = ifMatch.get().strip();
        Write result = db.call(sql -> {
            for (;;) {
                Optional<World> now = WorldRepository.find(sql, worldId);
                if (now.isEmpty()) return new Write(Write.Kind.NOT_FOUND, null);
                if (!matches(condition, etag(now.get()), false)) return new Write(Write.Kind.STALE, now.get());
                if (WorldRepository.compareAndSet(sql, worldId, now.get().randomNumber(), newNumber)) {
                    return new Write(Write.Kind.UPDATED, new World(worldId, newNumber));
                }
                // another writer changed the row between our read and our write: read again; with a tag the
                // condition now fails (412), with If-Match: * we retry the overwrite
            }
        }).await();
        return switch (result.kind()) {
            case NOT_FOUND -> Problem.notFound("World " + worldId + " does not exist (ids are 1..10000).");
            case STALE -> Problem.of(Status.PRECONDITION_FAILED, "precondition-failed",
                    "World " + worldId + " changed since it was read (its ETag is now " + etag(result.world()) + ").")
                    .header("ETag", etag(result.world()));
            case UPDATED -> {
                cache.put(result.world());
                yield Json.ok(result.world()).header("ETag", etag(result.world()));
            }
        };
    }

    private record Write(Kind kind, World world) {
        enum Kind { NOT_FOUND, STALE, UPDATED }
    }

    /** RFC 9110 §13.1.1/§13.1.2: a list of entity tags; weak comparison for If-None-Match, strong for If-Match. */
    static boolean matches(String headerValue, String tag, boolean weak) {
        String v = headerValue.strip();
        if (v.equals("*")) return true;
        for (String part : v.split(",")) {
            String t = part.strip();
            boolean isWeak = t.startsWith("W/");
            if (isWeak) {
                if (!weak) continue;
                t = t.substring(2);
            }
            if (t.equals(tag)) return true;
        }
        return false;
    }

    private static Optional<Integer> id(Request req) {
        String raw = req.attributes().get(Route.ID).orElse("");
        if (raw.isEmpty() || raw.length() > 9) return Optional.empty();
        for (int i = 0; i < raw.length(); i++) if (raw.charAt(i) < '0' || raw.charAt(i) > '9') return Optional.empty();
        return Optional.of(Integer.parseInt(raw));
    }

    private static Response badId(Request req) {
        return Problem.badRequest("The World id must be an integer 1..10000 (got "
                + req.attributes().get(Route.ID).orElse("") + ").");
    }
}

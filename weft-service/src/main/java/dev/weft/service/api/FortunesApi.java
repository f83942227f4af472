package dev.weft.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.service.db.Db;
import dev.weft.service.db.Fortune;
import dev.weft.service.db.FortuneRepository;
import dev.weft.service.http.Json;
import dev.weft.service.http.Params;
import dev.weft.service.http.Problem;
import dev.weft.service.http.Route;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/fortunes?limit=&after=}, {@code GET /api/v1/fortunes/{id}} and {@code POST /api/v1/fortunes}.
 *
 * <p><b>Pagination</b> is by keyset: a page is the fortunes with {@code id > after} in id order, at most
 * {@code limit} (1..100, default 20). The body is {@code {"items":[...],"next":C}} where {@code C} is the
 * {@code after} value of the next page, or null on the last page (the query asks for one row more than the
 * page to know); a {@code Link: <...>; rel="next"} header carries the same. Walking the pages from
 * {@code after=0} visits every fortune exactly once in id order, and inserts during the walk never shift
 * a page (no OFFSET). Bad {@code limit}/{@code after} values are 400 problems (they are the URL, not a body).
 *
 * <p><b>Creation</b> takes {@code {"message": "..."}}: a string of 1..2048 characters that is not only
 * whitespace and holds no control characters other than tab and newline; anything else, unknown fields
 * included, is a 422 problem listing each invalid field. 201 with {@code Location} and the created fortune.
 */
final class FortunesApi {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_MESSAGE = 2048;

    private final Db db;
    private final long maxBodyBytes;

    FortunesApi(Db db, long maxBodyBytes) {
        this.db = db;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The JSON of a page. */
    record Page(List<Fortune> items, Long next) {}

    Response list(Request req) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int limit = DEFAULT_LIMIT;
        long after = 0;
        Optional<String> l = Params.first(req, "limit");
        if (l.isPresent()) {
            Long v = parseLong(l.get());
            if (v == null || v < 1 || v > MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "expected an integer 1.." + MAX_LIMIT + ", got \"" + l.get() + "\""));
            } else {
                limit = v.intValue();
            }
        }
        Optional<String> a = Params.first(req, "after");
        if (a.isPresent()) {
            Long v = parseLong(a.get());
            if (v == null || v < 0) {
                errors.add(new Problem.FieldError("after", "expected a cursor (an integer >= 0), got \"" + a.get() + "\""));
            } else {
                after = v;
            }
        }
        if (!errors.isEmpty()) {
            return Problem.of(Status.BAD_REQUEST, "bad-query", "The query parameters are not valid: see errors.", errors);
        }
        int pageSize = limit;
        long from = after;
        List<Fortune> rows = db.call(sql -> FortuneRepository.page(sql, from, pageSize + 1)).await();
        Long next = null;
        if (rows.size() > pageSize) {
            rows = rows.subList(0, pageSize);
            next = (long) rows.get(rows.size() - 1).id();
        }
        Response r = Json.ok(new Page(List.copyOf(rows), next));
        if (next != null) r.header("Link", "</api/v1/fortunes?limit=" + pageSize + "&after=" + next + ">; rel=\"next\"");
        return r;
    }

    Response get(Request req) {
        Long id = parseLong(req.attributes().get(Route.ID).orElse(""));
        if (id == null || id > Integer.MAX_VALUE) {
            return Problem.badRequest("The fortune id must be a non-negative integer.");
        }
        int fid = id.intValue();
        List<Fortune> one = db.call(sql -> FortuneRepository.page(sql, fid - 1L, 1)).await();
        if (one.isEmpty() || one.get(0).id() != fid) return Problem.notFound("Fortune " + fid + " does not exist.");
        return Json.ok(one.get(0));
    }

    Response create(Request req) {
        JsonNode body;
        try {
            body = JsonInput.readObject(req, maxBodyBytes);
        } catch (JsonInput.Rejected r) {
            return r.response;
        }
        List<Problem.FieldError> errors = validate(body);
        if (!errors.isEmpty()) return JsonInput.invalid(errors);
        String message = body.get("message").textValue();
        Fortune f = db.call(sql -> FortuneRepository.insert(sql, message)).await();
        return Json.response(Status.CREATED, f).header("Location", "/api/v1/fortunes/" + f.id());
    }

    /** The problems with a create body (empty when valid). */
    static List<Problem.FieldError> validate(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        JsonNode m = body.get("message");
        if (m == null) {
            errors.add(new Problem.FieldError("/message", "required"));
        } else if (!m.isTextual()) {
            errors.add(new Problem.FieldError("/message", "expected a string, got " + JsonInput.kind(m)));
        } else {
            String s = m.textValue();
            if (s.isBlank()) {
                errors.add(new Problem.FieldError("/message", "must not be empty or only whitespace"));
            } else if (s.length() > MAX_MESSAGE) {
                errors.add(new Problem.FieldError("/message", "at most " + MAX_MESSAGE + " characters, got " + s.length()));
            } else if (s.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' || c == 0x7f)) {
                errors.add(new Problem.FieldError("/message", "must not contain control characters"));
            }
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("message")) errors.add(new Problem.FieldError("/" + f, "unknown field"));
        }
        return errors;
    }

    private static Long parseLong(String s) {
        if (s.isEmpty() || s.length() > 18) return null;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return null;
        return Long.parseLong(s);
    }
}

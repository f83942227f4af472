package dev.weft.service.ops;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.service.db.Db;
import dev.weft.service.http.Json;
import dev.weft.service.http.Problem;
import dev.weft.service.http.Recover;
import dev.weft.service.http.Routes;
import dev.weft.time.Time;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /health} (liveness: the process serves requests; no dependency is checked, so a database outage never
 * gets the process restarted), {@code /ready} (readiness: the database answers {@code SELECT 1} within a second,
 * and the service is not shutting down; 503 otherwise, so a load balancer stops sending traffic) and
 * {@code /metrics} (Prometheus text).
 */
public final class Health {
    private Health() {}

    /** Adds the three operational routes. */
    public static Routes addTo(Routes routes, Db db, Metrics metrics, BooleanSupplier shuttingDown) {
        return routes
                .get("/health", req -> Futures.ready(Json.ok(Map.of("status", "up"))))
                .get("/ready", req -> ready(db, shuttingDown))
                .get("/metrics", req -> Futures.ready(new Response(Status.OK,
                        new Headers().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                        Body.of(metrics.scrape()))));
    }

    private static Future<Response> ready(Db db, BooleanSupplier shuttingDown) {
        if (shuttingDown.getAsBoolean()) return Futures.ready(Problem.unavailable("The service is shutting down."));
        Future<Response> check = Time.timeout(Duration.ofSeconds(1), db.call(Duration.ofSeconds(1), sql -> {
            try (PreparedStatement ps = sql.prepare("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        })).map(one -> Json.ok(Map.of("status", "ready", "database", db.dialect().name().toLowerCase(java.util.Locale.ROOT))));
        return Recover.of(check, e -> Problem.unavailable("The database does not answer."));
    }

}

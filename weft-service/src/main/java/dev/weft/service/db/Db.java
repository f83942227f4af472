package dev.weft.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database: a HikariCP pool plus the threads JDBC runs on, and the one door every statement goes through
 * ({@link #call}).
 *
 * <p><b>Where JDBC runs.</b> JDBC blocks, so it never runs on a runtime worker. Each {@link #call} runs its
 * work on one of {@code poolSize} platform threads owned by this class (a dedicated blocking pool, Tokio's
 * {@code spawn_blocking} with its own bound), so at most {@code poolSize} statements run at once: exactly the
 * number of pooled connections, and a thread never waits for a connection. Callers beyond that queue (FIFO)
 * without holding a connection or a thread; their deadline still applies while queued. Platform threads rather
 * than virtual ones because sqlite-jdbc runs SQLite through JNI, and a virtual thread inside a native call pins
 * its carrier: a slow SQLite statement would take a carrier away from every other async block.
 *
 * <p><b>Cancellation.</b> Cancelling the future of a call (its request passed its deadline, its client went away,
 * a {@code select} dropped it) calls {@link java.sql.Statement#cancel()} on the statement it is running
 * (PostgreSQL sends a cancel request on a side connection; SQLite calls {@code sqlite3_interrupt}) and
 * interrupts the thread; a call still queued never runs. Each statement also gets a query timeout from the
 * call's deadline, as a backstop.
 *
 * <p>Implementation notes
 * <ol>
 * <li>The executor has exactly {@code poolSize} threads and the Hikari pool exactly {@code poolSize}
 *     connections (minimumIdle = maximumPoolSize): a running call always finds a connection.</li>
 * <li>A call's {@link Sql} is published to the cancelling thread through a volatile field written before the
 *     work runs; {@link Sql#cancel()} is idempotent and safe from any thread.</li>
 * </ol>
 */
public final class Db implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final ExecutorService executor;
    private final int poolSize;
    private final Duration defaultTimeout;

    private Db(HikariDataSource dataSource, Dialect dialect, int poolSize, Duration defaultTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.poolSize = poolSize;
        this.defaultTimeout = defaultTimeout;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "weft-db-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the pool for {@code jdbcUrl} ({@code user} and {@code password} may be null) with {@code poolSize}
     * connections; statements time out after {@code statementTimeout} unless a call passes its own deadline.
     *
     * @throws IllegalArgumentException for a pool size below 1 or an unsupported URL
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the database cannot be reached
     */
    public static Db open(String jdbcUrl, String user, String password, int poolSize, Duration statementTimeout,
            io.micrometer.core.instrument.MeterRegistry registry) {
        if (poolSize < 1) throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: >= 1)");
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        hc.setPoolName("weft-db");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(poolSize);
        hc.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hc.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        if (dialect == Dialect.SQLITE) {
            // WAL: readers never block the writer; busy_timeout: a writer waits for the lock instead of failing at
            // once, a second longer than the statement timeout, so the request's deadline (503 deadline-exceeded)
            // is what the client sees. sqlite3_interrupt does not cut this wait short: an abandoned writer keeps
            // its connection until the busy timeout.
            long busyMs = statementTimeout.toMillis() + 1000;
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("busy_timeout", Long.toString(busyMs));
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.setConnectionInitSql("PRAGMA busy_timeout = " + busyMs);
        } else {
            hc.addDataSourceProperty("prepareThreshold", "1"); // server-side prepared statements from the first use
            hc.addDataSourceProperty("tcpKeepAlive", "true");
        }
        if (registry != null) hc.setMetricRegistry(registry);
        return new Db(new HikariDataSource(hc), dialect, poolSize, statementTimeout);
    }

    /** The dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The pool size: connections, database threads and concurrent statements. */
    public int poolSize() {
        return poolSize;
    }

    /** The pool (for metrics and readiness). */
    public HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * A future of {@code work} run with a pooled connection on a database thread, with the default statement
     * timeout.
     *
     * <p><b>Cancel safety:</b> cancelling it cancels the running statement ({@code Statement.cancel()}) and
     * interrupts the work; work not yet started never starts. Whatever the work committed stays committed; an
     * open transaction is rolled back when the connection returns to the pool.
     */
    public <T> Future<T> call(SqlWork<T> work) {
        return call(defaultTimeout, work);
    }

    /**
     * As {@link #call(SqlWork)}, with the statements' query timeout taken from {@code timeout} (the request's
     * remaining deadline).
     *
     * <p><b>Cancel safety:</b> as {@link #call(SqlWork)}.
     */
    public <T> Future<T> call(Duration timeout, SqlWork<T> work) {
        return new Call<>(work, timeout);
    }

    /** Runs {@code work} on the calling thread (start-up, the CLI): never on a runtime worker. */
    public <T> T runHere(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new Sql(c, dialect, 0));
        }
    }

    /** Closes the threads (waiting up to {@code timeout} for running calls) and then the pool. */
    public void close(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        dataSource.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private final class Call<T> implements Future<T> {
        private final SqlWork<T> work;
        private final int timeoutSeconds;
        private final Future<T> inner;
        private volatile Sql sql; // note 2

        Call(SqlWork<T> work, Duration timeout) {
            this.work = work;
            long ms = Math.max(1, timeout.toMillis());
            this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, (ms + 999) / 1000);
            this.inner = Async.onExecutor(executor, this::runOnDbThread);
        }

        private T runOnDbThread() throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                Sql s = new Sql(c, dialect, timeoutSeconds);
                sql = s;
                if (Thread.currentThread().isInterrupted()) s.cancel();
                return work.run(s);
            }
        }

        @Override
        public Poll<T> poll(Context cx) {
            return inner.poll(cx);
        }

        @Override
        public void cancel() {
            Sql s = sql;
            if (s != null) s.cancel();
            inner.cancel();
            s = sql; // the work may have published its Sql between the two reads: cancel it too (idempotent)
            if (s != null) s.cancel();
        }
    }
}

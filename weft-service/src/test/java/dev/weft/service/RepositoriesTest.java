package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.CancelledException;
import dev.weft.service.TestDatabases.Kind;
import dev.weft.service.db.ApiKeyRepository;
import dev.weft.service.db.Db;
import dev.weft.service.db.Dialect;
import dev.weft.service.db.Fortune;
import dev.weft.service.db.FortuneRepository;
import dev.weft.service.db.Migrations;
import dev.weft.service.db.Seed;
import dev.weft.service.db.World;
import dev.weft.service.db.WorldRepository;
import dev.weft.future.Future;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Migrations, seed data and repositories on SQLite and on a real PostgreSQL. */
class RepositoriesTest {

    private static Db open(Kind kind, int pool) throws Exception {
        Config c = TestDatabases.config(kind);
        java.nio.file.Files.createDirectories(c.dataDir());
        Db db = Db.open(c.dbUrl(), c.dbUser(), c.dbPassword(), pool, Duration.ofSeconds(5), null);
        db.runHere(sql -> Migrations.migrate(sql.connection(), db.dialect()));
        db.runHere(sql -> Seed.seedIfEmpty(sql.connection(), db.dialect()));
        return db;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void migrate_secondRun_appliesNothingAndSeedKeepsRows(Kind kind) throws Exception {
        try (Db db = open(kind, 2)) {
            assertThat(db.dialect()).isEqualTo(kind == Kind.SQLITE ? Dialect.SQLITE : Dialect.POSTGRES);
            List<Integer> again = db.runHere(sql -> Migrations.migrate(sql.connection(), db.dialect()));
            int version = db.runHere(sql -> Migrations.currentVersion(sql.connection()));
            boolean reseeded = db.runHere(sql -> Seed.seedIfEmpty(sql.connection(), db.dialect()));
            assertThat(again).isEmpty();
            assertThat(version).isEqualTo(Migrations.latestVersion());
            assertThat(reseeded).isFalse();
            long worlds = db.runHere(sql -> {
                try (PreparedStatement ps = sql.prepare("SELECT COUNT(*), MIN(id), MAX(id), MIN(randomNumber), MAX(randomNumber) FROM World");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(2)).isEqualTo(1);
                    assertThat(rs.getInt(3)).isEqualTo(10_000);
                    assertThat(rs.getInt(4)).isGreaterThanOrEqualTo(1);
                    assertThat(rs.getInt(5)).isLessThanOrEqualTo(10_000);
                    return rs.getLong(1);
                }
            });
            assertThat(worlds).isEqualTo(10_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortunes_seeded_areTheTwelveTechEmpowerFortunesVerbatim(Kind kind) throws Exception {
        try (Db db = open(kind, 2); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            List<Fortune> all = rt.blockOn(db.call(FortuneRepository::all));
            assertThat(all).extracting(Fortune::message).containsExactlyInAnyOrderElementsOf(Seed.FORTUNES);
            assertThat(all).filteredOn(f -> f.id() == 12).extracting(Fortune::message)
                    .containsExactly("フレームワークのベンチマーク");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fortuneInsert_afterSeed_getsNextIdAndPagesInIdOrder(Kind kind) throws Exception {
        try (Db db = open(kind, 2); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            Fortune f = rt.blockOn(db.call(sql -> FortuneRepository.insert(sql, "new one")));
            assertThat(f.id()).isEqualTo(13);
            List<Fortune> page = rt.blockOn(db.call(sql -> FortuneRepository.page(sql, 10, 5)));
            assertThat(page).extracting(Fortune::id).containsExactly(11, 12, 13);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void worldCompareAndSet_staleExpectation_changesNothing(Kind kind) throws Exception {
        try (Db db = open(kind, 2); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            World w = rt.blockOn(db.call(sql -> WorldRepository.find(sql, 42).orElseThrow()));
            int other = w.randomNumber() == 1 ? 2 : 1;
            boolean stale = rt.blockOn(db.call(sql -> WorldRepository.compareAndSet(sql, 42, other, 7)));
            boolean fresh = rt.blockOn(db.call(sql -> WorldRepository.compareAndSet(sql, 42, w.randomNumber(), other)));
            int now = rt.blockOn(db.call(sql -> WorldRepository.find(sql, 42).orElseThrow().randomNumber()));
            java.util.Optional<World> missing = rt.blockOn(db.call(sql -> WorldRepository.find(sql, 10_001)));
            assertThat(stale).isFalse();
            assertThat(fresh).isTrue();
            assertThat(now).isEqualTo(other);
            assertThat(missing).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void worldUpdateAll_batch_writesEveryRow(Kind kind) throws Exception {
        try (Db db = open(kind, 2); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            rt.blockOn(db.call(sql -> {
                WorldRepository.updateAll(sql, List.of(new World(3, 333), new World(1, 111), new World(2, 222)));
                return null;
            }));
            World[] rows = rt.blockOn(db.call(sql -> WorldRepository.findEach(sql, new int[] {1, 2, 3})));
            assertThat(rows).containsExactly(new World(1, 111), new World(2, 222), new World(3, 333));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void apiKeys_revoked_areNotFound(Kind kind) throws Exception {
        try (Db db = open(kind, 2); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            rt.blockOn(db.call(sql -> {
                ApiKeyRepository.insert(sql, "alice", "a".repeat(64), "weft_abcdef");
                return null;
            }));
            java.util.Optional<ApiKeyRepository.StoredKey> live = rt.blockOn(db.call(sql -> ApiKeyRepository.findLive(sql, "a".repeat(64))));
            int revoked = rt.blockOn(db.call(sql -> ApiKeyRepository.revoke(sql, "alice")));
            java.util.Optional<ApiKeyRepository.StoredKey> gone = rt.blockOn(db.call(sql -> ApiKeyRepository.findLive(sql, "a".repeat(64))));
            assertThat(live).get().extracting(ApiKeyRepository.StoredKey::name).isEqualTo("alice");
            assertThat(revoked).isEqualTo(1);
            assertThat(gone).isEmpty();
        }
    }

    /** A statement that runs until cancelled: PostgreSQL's pg_sleep, SQLite's recursive CTE counting far. */
    private static String slowQuery(Dialect d) {
        return d == Dialect.POSTGRES ? "SELECT pg_sleep(30)"
                : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT MAX(x) FROM c";
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void call_deadlinePasses_cancelsRunningStatementAndFreesConnection(Kind kind) throws Exception {
        try (Db db = open(kind, 1); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger cancelledStatements = new AtomicInteger();
            Future<Integer> slow = db.call(sql -> {
                try (PreparedStatement ps = sql.prepare(slowQuery(db.dialect()))) {
                    started.countDown();
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    } catch (java.sql.SQLException e) {
                        cancelledStatements.incrementAndGet();
                        throw e;
                    }
                }
            });
            // the deadline only starts counting once the statement runs, so the test checks cancellation, not speed
            Future<Integer> guarded = Time.timeout(Duration.ofMillis(200), slow);
            assertThatThrownBy(() -> rt.blockOn(guarded)).isInstanceOf(TimeoutElapsedException.class);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // the pool has one connection: this call can only run once the cancelled statement gave it back
            int one = rt.blockOn(db.call(sql -> {
                try (PreparedStatement ps = sql.prepare("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
            assertThat(one).isEqualTo(1);
            assertThat(cancelledStatements.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void call_cancelledWhileQueued_neverRuns(Kind kind) throws Exception {
        try (Db db = open(kind, 1); WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            var holder = rt.spawn(db.call(sql -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.sql.SQLException("interrupted", e);
                }
                return 0;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            var queued = rt.spawn(db.call(sql -> ran.incrementAndGet()));
            queued.abort();
            assertThatThrownBy(() -> rt.blockOn(queued)).isInstanceOf(dev.weft.task.JoinError.Cancelled.class);
            release.countDown();
            rt.blockOn(holder);
            rt.blockOn(db.call(sql -> 0)); // the single db thread has run everything queued before this
            assertThat(ran.get()).isZero();
        }
    }
}

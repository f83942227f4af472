package dev.weft.service.bench;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.service.db.Db;
import dev.weft.service.db.Fortune;
import dev.weft.service.db.FortuneRepository;
import dev.weft.service.db.World;
import dev.weft.service.db.WorldRepository;
import dev.weft.service.db.pg.PgClient;
import dev.weft.service.db.pg.PgRows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The database side of the TechEmpower endpoints: JDBC through {@link Db} (SQLite, or PostgreSQL with
 * {@code --pg-client jdbc}), or PostgreSQL's pipelining client ({@link PgClient}, the default there).
 *
 * <p><b>Cancel safety</b> of every future here: cancelling stops work not yet started; a statement already
 * running finishes on the server (JDBC cancels it; the pipelined client drops its result), so a cancelled
 * {@link #update} may still have written some of its rows.
 */
public sealed interface TechEmpowerData permits TechEmpowerData.Jdbc, TechEmpowerData.Pipelined {

    /** The World row {@code id}; fails when it is missing. */
    Future<World> world(int id);

    /** The World rows {@code ids}, one query each, in order. */
    Future<World[]> worlds(int[] ids);

    /** Every Fortune row, in the database's order. */
    Future<List<Fortune>> fortunes();

    /**
     * Reads the rows {@code ids} one query each, passes them to {@code change} and writes back the rows it
     * returns; completes with what {@code change} returned.
     */
    Future<World[]> update(int[] ids, UnaryOperator<World[]> change);

    /** JDBC: each call is one {@link Db#call} on a database thread with a pooled connection. */
    record Jdbc(Db db) implements TechEmpowerData {
        @Override
        public Future<World> world(int id) {
            return db.call(sql -> WorldRepository.find(sql, id).orElseThrow());
        }

        @Override
        public Future<World[]> worlds(int[] ids) {
            return db.call(sql -> WorldRepository.findEach(sql, ids));
        }

        @Override
        public Future<List<Fortune>> fortunes() {
            return db.call(FortuneRepository::all);
        }

        /** One call: the reads, then every write in one batch and one transaction (sorted by id). */
        @Override
        public Future<World[]> update(int[] ids, UnaryOperator<World[]> change) {
            return db.call(sql -> {
                World[] updated = change.apply(WorldRepository.findEach(sql, ids));
                WorldRepository.updateAll(sql, TechEmpower.dedupeLastWins(updated));
                return updated;
            });
        }
    }

    /**
     * The pipelining client: every query is its own future, so the N queries of {@code /queries} leave back to
     * back on the connections and the replies of many requests come back in one read. Writes are one
     * {@code UPDATE} per row, each its own implicit transaction (the TechEmpower rules allow individual
     * updates), so concurrent requests never deadlock on row locks taken in different orders.
     */
    record Pipelined(PgClient pg) implements TechEmpowerData {
        static final String SELECT_WORLD = "SELECT id, randomNumber FROM World WHERE id = $1";
        static final String SELECT_FORTUNES = "SELECT id, message FROM Fortune";
        static final String UPDATE_WORLD = "UPDATE World SET randomNumber = $1 WHERE id = $2";

        @Override
        public Future<World> world(int id) {
            return pg.query(SELECT_WORLD, id).map(rows -> toWorld(rows, id));
        }

        @Override
        public Future<World[]> worlds(int[] ids) {
            List<Future<World>> each = new ArrayList<>(ids.length);
            for (int id : ids) each.add(world(id));
            return Futures.tryJoinAll(each).map(list -> list.toArray(new World[0]));
        }

        @Override
        public Future<List<Fortune>> fortunes() {
            return pg.query(SELECT_FORTUNES).map(rows -> {
                List<Fortune> out = new ArrayList<>(rows.size() + 1);
                for (int i = 0; i < rows.size(); i++) out.add(new Fortune(rows.getInt(i, 0), rows.getString(i, 1)));
                return out;
            });
        }

        @Override
        public Future<World[]> update(int[] ids, UnaryOperator<World[]> change) {
            return worlds(ids).then(read -> {
                World[] updated = change.apply(read);
                List<World> rows = TechEmpower.dedupeLastWins(updated);
                List<Future<PgRows>> writes = new ArrayList<>(rows.size());
                for (World w : rows) writes.add(pg.query(UPDATE_WORLD, w.randomNumber(), w.id()));
                return Futures.tryJoinAll(writes).map(done -> updated);
            });
        }

        private static World toWorld(PgRows rows, int id) {
            if (rows.size() != 1) {
                throw new IllegalStateException("World row " + id + " is missing (expected: ids 1..10000)");
            }
            return new World(rows.getInt(0, 0), rows.getInt(0, 1));
        }
    }
}

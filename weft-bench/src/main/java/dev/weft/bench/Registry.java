package dev.weft.bench;

import dev.weft.bench.peers.JdkStreamPeer;
import dev.weft.bench.peers.JoxPeer;
import dev.weft.bench.peers.NettyPeer;
import dev.weft.bench.peers.ReactorPeer;
import dev.weft.bench.peers.TokioPeer;
import dev.weft.bench.peers.VThreadsPeer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which implementation runs which workload: every registered {@link WorkloadImpl}, plus the (workload, impl)
 * pairs an implementation cannot express, with the reason ({@link #na}).
 *
 * <p>{@link #standard()} registers Weft's rows ({@link WeftRows}) and every peer. A (workload, impl) pair that is
 * neither registered nor declared NA is simply absent from the output.
 */
public final class Registry {

    /** The order of the impl column inside a workload; unknown names sort last, alphabetically. */
    public static final List<String> IMPL_ORDER =
            List.of("weft-poll", "weft-async", "weft-poll-epoll", "weft-async-epoll", "vthreads", "reactor", "jox",
                    "kotlin", "jdkstream", "tokio", "netty", "netty-epoll", "vertx", "helidon", "jdk-httpserver", "hyper", "weft-poll-sqlite", "weft-poll-pg", "weft-poll-pg-jdbc",
                    "vertx-pgclient", "helidon-jdbc");

    /** A registered pair: either an implementation or an NA reason. */
    public record Entry(Workload workload, String impl, WorkloadImpl implementation, String naReason) {
        /** Whether this pair is declared inexpressible. */
        public boolean isNa() {
            return implementation == null;
        }
    }

    /** The body of one round, for implementations registered from a method reference. */
    @FunctionalInterface
    public interface Body {
        /** Runs one round at {@code size}. */
        Outcome run(long size) throws Exception;
    }

    /** A set-up or tear-down step. */
    @FunctionalInterface
    public interface Step {
        /** Runs the step. */
        void run() throws Exception;
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The registry with Weft's rows and every peer. */
    public static Registry standard() {
        Registry r = new Registry();
        WeftRows.register(r);
        VThreadsPeer.register(r);
        new ReactorPeer().register(r);
        JoxPeer.register(r);
        dev.weft.bench.kotlin.KotlinPeer.register(r);
        JdkStreamPeer.register(r);
        TokioPeer.register(r);
        new NettyPeer().register(r);
        new NettyPeer(true).register(r);
        dev.weft.bench.http.HttpRow.register(r);
        dev.weft.bench.http.db.DbRows.register(r);
        return r;
    }

    /** Registers {@code impl}; a second registration of the same (workload, impl) fails fast. */
    public Registry add(WorkloadImpl impl) {
        Objects.requireNonNull(impl, "impl");
        put(new Entry(impl.workload(), impl.impl(), impl, null));
        return this;
    }

    /** Registers a method-reference implementation with no set-up. */
    public Registry add(Workload workload, String impl, String notes, Body body) {
        return add(workload, impl, notes, body, () -> {}, () -> {});
    }

    /** Registers a method-reference implementation with set-up and tear-down steps (untimed). */
    public Registry add(Workload workload, String impl, String notes, Body body, Step setUp, Step tearDown) {
        Objects.requireNonNull(body, "body");
        return add(new WorkloadImpl() {
            @Override public Workload workload() { return workload; }
            @Override public String impl() { return impl; }
            @Override public String notes() { return notes; }
            @Override public Outcome run(long size) throws Exception { return body.run(size); }
            @Override public void setUp() throws Exception { setUp.run(); }
            @Override public void tearDown() throws Exception { tearDown.run(); }
        });
    }

    /** Declares that {@code impl} cannot express {@code workload} honestly; its row prints NA with {@code reason}. */
    public Registry na(Workload workload, String impl, String reason) {
        put(new Entry(workload, impl, null, Objects.requireNonNull(reason, "reason")));
        return this;
    }

    private void put(Entry e) {
        Objects.requireNonNull(e.workload(), "workload");
        Objects.requireNonNull(e.impl(), "impl");
        for (Entry x : entries) {
            if (x.workload() == e.workload() && x.impl().equals(e.impl())) {
                throw new IllegalStateException("(" + e.workload().id() + ", " + e.impl()
                        + ") registered twice (expected: one implementation or NA per pair)");
            }
        }
        entries.add(e);
    }

    /** The entries for {@code workload}, in {@link #IMPL_ORDER}. */
    public List<Entry> entries(Workload workload) {
        return entries.stream().filter(e -> e.workload() == workload).sorted(Comparator.comparing(Entry::impl,
                Registry::compareImpl)).toList();
    }

    /** Every entry, by workload then impl order. */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Workload w : Workload.values()) out.addAll(entries(w));
        return out;
    }

    static int compareImpl(String a, String b) {
        int ia = IMPL_ORDER.indexOf(a), ib = IMPL_ORDER.indexOf(b);
        if (ia < 0) ia = IMPL_ORDER.size();
        if (ib < 0) ib = IMPL_ORDER.size();
        return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    }

    /** Whether {@code impl} is one of Weft's own rows. */
    public static boolean isWeft(String impl) {
        return impl.startsWith("weft");
    }
}

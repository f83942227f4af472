package dev.weft.bench.jmh;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a ready-path poll costs, and whether it allocates: {@code Poll.ready(v)} for a value from Poll's shared
 * cache (a small Long) versus a fresh value (a Long outside the cache, so a new {@code Poll.Ready} record), each
 * through a call site C2 can inline (one future class seen) and through a megamorphic one (four classes), plus
 * {@code map}/{@code then} chains built and polled to completion. Run with {@code -prof gc} and read
 * {@code gc.alloc.rate.norm} (bytes per op): {@code ./weft bench --jmh PollBenchmark -prof gc}.
 *
 * <p>Every benchmark unwraps the polled value (as a combinator does) and returns it, so the only allocations left
 * are the ones escape analysis could not remove.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PollBenchmark {

    /** Small enough for Poll's Long cache (-128..1023). */
    static final Long CACHED = 7L;
    /** Outside the cache: Poll.ready allocates a Ready. Pre-boxed, so no Long allocation is measured. */
    static final Long FRESH = 123_456_789L;

    /** Ready futures of four distinct classes, to make one call site megamorphic. */
    static final class A implements Future<Long> {
        final Long v;
        A(Long v) { this.v = v; }
        @Override public Poll<Long> poll(Context cx) { return Poll.ready(v); }
    }

    static final class B implements Future<Long> {
        final Long v;
        B(Long v) { this.v = v; }
        @Override public Poll<Long> poll(Context cx) { return Poll.ready(v); }
    }

    static final class C implements Future<Long> {
        final Long v;
        C(Long v) { this.v = v; }
        @Override public Poll<Long> poll(Context cx) { return Poll.ready(v); }
    }

    static final class D implements Future<Long> {
        final Long v;
        D(Long v) { this.v = v; }
        @Override public Poll<Long> poll(Context cx) { return Poll.ready(v); }
    }

    Context cx;
    Future<Long> monoCached;
    Future<Long> monoFresh;
    Future<Long>[] megaCached;
    Future<Long>[] megaFresh;
    int i;

    @Setup
    @SuppressWarnings("unchecked")
    public void setup() {
        cx = new Context(Waker.noop());
        monoCached = new A(CACHED);
        monoFresh = new A(FRESH);
        megaCached = new Future[] {new A(CACHED), new B(CACHED), new C(CACHED), new D(CACHED)};
        megaFresh = new Future[] {new A(FRESH), new B(FRESH), new C(FRESH), new D(FRESH)};
    }

    static Long unwrap(Poll<Long> p) {
        if (p instanceof Poll.Ready<Long> r) return r.value();
        throw new AssertionError("pending");
    }

    /** Inlinable call site, cached Ready: expected 0 B/op. */
    @Benchmark
    public Long readyCached_inlined() {
        return unwrap(monoCached.poll(cx));
    }

    /** Inlinable call site, fresh Ready: 0 B/op only if escape analysis scalar-replaces the record. */
    @Benchmark
    public Long readyFresh_inlined() {
        return unwrap(monoFresh.poll(cx));
    }

    /** Megamorphic call site (4 classes), cached Ready: expected 0 B/op, pays a virtual call. */
    @Benchmark
    public Long readyCached_megamorphic() {
        return unwrap(megaCached[i++ & 3].poll(cx));
    }

    /** Megamorphic call site, fresh Ready: the record escapes the non-inlined call, expected 16 B/op. */
    @Benchmark
    public Long readyFresh_megamorphic() {
        return unwrap(megaFresh[i++ & 3].poll(cx));
    }

    /** Direct Poll.ready(cached) with no future around it. */
    @Benchmark
    public Long pollReadyCall_cached() {
        return unwrap(Poll.ready(CACHED));
    }

    /** Direct Poll.ready(fresh) with no future around it (the baseline for escape analysis). */
    @Benchmark
    public Long pollReadyCall_fresh() {
        return unwrap(Poll.ready(FRESH));
    }

    /** ready(7).map(+1).then(x -> ready(x*2)).map(-1), built and polled to completion: values stay in the cache. */
    @Benchmark
    public Long chain_cached_buildAndPoll() {
        Future<Long> f = Futures.ready(CACHED).map(x -> x + 1).then(x -> Futures.ready(x * 2)).map(x -> x - 1);
        return unwrap(f.poll(cx));
    }

    /** The same chain over values outside the cache (boxing and Ready records both allocate unless removed). */
    @Benchmark
    public Long chain_fresh_buildAndPoll() {
        Future<Long> f = Futures.ready(FRESH).map(x -> x + 1).then(x -> Futures.ready(x * 2)).map(x -> x - 1);
        return unwrap(f.poll(cx));
    }

    /** Four map stages over cached values: the per-stage cost of map. */
    @Benchmark
    public Long mapChain4_cached_buildAndPoll() {
        Future<Long> f = Futures.ready(CACHED).map(x -> x + 1).map(x -> x + 1).map(x -> x + 1).map(x -> x - 3);
        return unwrap(f.poll(cx));
    }
}

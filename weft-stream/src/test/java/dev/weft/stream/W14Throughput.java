package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;


/**
 * A scratch measurement of the W14 shape (not a test, not a benchmark of record: weft-bench owns that):
 * {@code range(0, 10_000_000).map(x * 2).filter(x % 3 == 0).map(x + 1).fold(0, sum)}, next to sequential
 * java.util.stream (boxed and primitive). Run it with
 * {@code java -cp weft-core/target/classes:weft-stream/target/classes:weft-stream/target/test-classes
 * dev.weft.stream.W14Throughput}. Two modes for Weft: {@code await} (unconstrained budget, as on a plain thread)
 * and {@code budget} (a budget of 128 per poll, re-polled like an executor would, so the range yields every
 * 128 * 32 elements). Wall time and the process's CPU time are both printed: on a shared machine the CPU time
 * is the better estimate of unloaded throughput.
 */
public final class W14Throughput {
    static final long N = 10_000_000L;
    static final long EXPECTED = expected();

    private W14Throughput() {}

    static long expected() {
        long s = 0;
        for (long x = 0; x < N; x++) {
            long y = x * 2;
            if (y % 3 == 0) s += y + 1;
        }
        return s;
    }

    static Future<Long> pipeline() {
        return Streams.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).fold(0L, Long::sum);
    }

    static Future<Long> longPipeline() {
        return LongStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
    }

    static long weftLongAwait() {
        return longPipeline().await();
    }

    static long weftLongBudget() {
        Future<Long> f = longPipeline();
        Waker w = Waker.noop();
        Context cx = new Context(w, Context.DEFAULT_BUDGET);
        for (;;) {
            cx = new Context(w, Context.DEFAULT_BUDGET); // a fresh budget: contexts have no public mutator
            Poll<Long> p = f.poll(cx);
            if (p instanceof Poll.Ready<Long> r) return r.value();
        }
    }

    static long weftAwait() {
        return pipeline().await();
    }

    static long weftBudget() {
        Future<Long> f = pipeline();
        Waker w = Waker.noop();
        Context cx = new Context(w, Context.DEFAULT_BUDGET);
        for (;;) {
            cx = new Context(w, Context.DEFAULT_BUDGET); // a fresh budget: contexts have no public mutator
            Poll<Long> p = f.poll(cx);
            if (p instanceof Poll.Ready<Long> r) return r.value();
        }
    }

    static long jdkBoxed() {
        return java.util.stream.Stream.iterate(0L, x -> x < N, x -> x + 1)
                .map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).reduce(0L, Long::sum);
    }

    static long jdkBoxedRange() {
        return java.util.stream.LongStream.range(0, N).boxed().map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1)
                .reduce(0L, Long::sum);
    }

    static long jdkPrimitive() {
        return java.util.stream.LongStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
    }

    interface Run {
        long run();
    }

    static void measure(String name, Run r) {
        for (int i = 0; i < 5; i++) check(r.run()); // warm-up
        long[] ns = new long[15];
        long c0 = processCpuNanos(); // 10 ms resolution: averaged over all rounds
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            check(r.run());
            ns[i] = System.nanoTime() - t0;
        }
        double cmed = (double) (processCpuNanos() - c0) / ns.length;
        java.util.Arrays.sort(ns);
        double med = ns[ns.length / 2];
        System.out.printf("%-16s wall median %7.2f ms %7.1f M items/s | cpu mean %7.2f ms %7.1f M items/s%n", name, med / 1e6,
                N / (med / 1e9) / 1e6, cmed / 1e6, N / (cmed / 1e9) / 1e6);
    }

    /** The process's CPU time (java.base only; includes JIT and GC threads, so it slightly overstates). */
    static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    static void check(long v) {
        if (v != EXPECTED) throw new AssertionError("got " + v + ", expected " + EXPECTED);
    }

    /** Runs each variant; pass names to pick some (await, budget, jdkBoxed, jdkBoxedRange, jdkPrimitive). */
    public static void main(String[] args) {
        java.util.Set<String> pick = new java.util.HashSet<>(java.util.List.of(args));
        if (pick.isEmpty() || pick.contains("long")) measure("weft LongStream", W14Throughput::weftLongAwait);
        if (pick.isEmpty() || pick.contains("longBudget")) measure("weft Long bud128", W14Throughput::weftLongBudget);
        if (pick.isEmpty() || pick.contains("await")) measure("weft await", W14Throughput::weftAwait);
        if (pick.isEmpty() || pick.contains("budget")) measure("weft budget128", W14Throughput::weftBudget);
        if (pick.isEmpty() || pick.contains("jdkBoxed")) measure("jdk Stream<Long>", W14Throughput::jdkBoxed);
        if (pick.isEmpty() || pick.contains("jdkBoxedRange")) measure("jdk boxed()", W14Throughput::jdkBoxedRange);
        if (pick.isEmpty() || pick.contains("jdkPrimitive")) measure("jdk LongStream", W14Throughput::jdkPrimitive);
    }
}

package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by the implementations: a concurrency probe for W8, memory readings for W7, W10 tallies. */
public final class Probes {
    private Probes() {}

    /**
     * Counts how many tasks are inside a permit-guarded section at once and fails the round when the limit is
     * exceeded (W8). Every implementation pays the same two atomic increments per task.
     */
    public static final class PermitProbe {
        private final int limit;
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();
        private volatile int maxSeen;

        /** A probe allowing at most {@code limit} tasks inside. */
        public PermitProbe(int limit) {
            this.limit = limit;
        }

        /** Called right after a permit was acquired. */
        public void enter() {
            int now = inside.incrementAndGet();
            if (now > maxSeen) maxSeen = now; // racy max: only used for the note and the limit check below
            if (now > limit) {
                throw new SelfCheckFailed("W8: " + now + " tasks hold a permit (expected: <= " + limit + ")");
            }
        }

        /** Called right before the permit is released. */
        public void exit() {
            inside.decrementAndGet();
            completed.incrementAndGet();
        }

        /** The outcome: the count of tasks that went through, with the observed maximum in the notes. */
        public Outcome outcome() {
            return Outcome.of(completed.get(), "max inside=" + maxSeen);
        }
    }

    /**
     * Per-subscriber tally of W10: counts received values, checks they strictly increase, and counts lagged
     * (skipped) messages either reported by the channel or seen as gaps.
     */
    public static final class Tally {
        private long received;
        private long lagged;
        private long last = -1;

        /** Records value {@code v} (messages are 0..N-1 in order). */
        public void received(long v) {
            if (v <= last) throw new SelfCheckFailed("W10: subscriber saw " + v + " after " + last + " (expected: increasing)");
            lagged += v - last - 1;
            last = v;
            received++;
        }

        /** Messages received. */
        public long received() {
            return received;
        }

        /** Messages skipped (lagged). */
        public long lagged() {
            return lagged;
        }

        /** Closes the tally at the end of the stream of {@code n} messages: trailing skips count as lagged. */
        public void end(long n) {
            lagged += n - 1 - last;
            last = n - 1;
        }

        /** The W10 outcome for {@code tallies}: check = sum of received + lagged, ops = sum of received. */
        public static Outcome outcome(Tally[] tallies) {
            long rec = 0, lag = 0;
            for (Tally t : tallies) {
                rec += t.received;
                lag += t.lagged;
            }
            return new Outcome(rec + lag, rec, Double.NaN, "lagged total=" + lag);
        }
    }

    /** The process's resident set size in bytes, from VmRSS in /proc/self/status (-1 where there is none). */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Heap bytes in use after two System.gc() calls. */
    public static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Memory snapshot taken before spawning the idle tasks of W7. */
    public record MemoryBaseline(long rss, long heap) {
        /** Takes the baseline (after a GC, so the previous round's garbage is gone). */
        public static MemoryBaseline take() {
            long heap = heapUsedAfterGc();
            return new MemoryBaseline(rssBytes(), heap);
        }

        /** The per-task readings with every task parked. */
        public Parked measureParked(long n) {
            long rss = rssBytes();
            long heap = heapUsedAfterGc();
            return new Parked((double) (rss - this.rss) / n, (double) (heap - this.heap) / n);
        }
    }

    /** W7 readings taken while every task is parked. */
    public record Parked(double rssPerTask, double heapPerTask) {
        /** The outcome once all {@code completed} tasks finished. */
        public Outcome outcome(long completed) {
            return new Outcome(completed, -1, rssPerTask,
                    String.format(Locale.ROOT, "heap delta after GC=%.0f B/task", heapPerTask));
        }
    }
}

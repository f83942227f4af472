package dev.weft.bench.peers;

import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.Workload;
import java.util.stream.LongStream;

/**
 * The {@code jdkstream} peer, W14 only: the no-async reference, a sequential java.util.stream pipeline in the form
 * the java.util.stream package docs show ("Stream pipelines"), on the primitive {@code LongStream} (no boxing; a
 * {@code Stream<Long>} would box every element).
 */
public final class JdkStreamPeer {
    private JdkStreamPeer() {}

    /** Registers the W14 row. */
    public static void register(Registry r) {
        r.add(Workload.W14, "jdkstream", "sequential LongStream, primitive longs (no boxing), calling thread",
                JdkStreamPeer::w14);
    }

    static Outcome w14(long n) {
        long sum = LongStream.range(0, n).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
        return Outcome.of(sum);
    }
}

package dev.weft.sync.bench;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.sync.Mpsc;
import java.util.Optional;

/**
 * A quick single-threaded throughput check of a bounded(1024) mpsc channel (not a JUnit test, not JMH): run its
 * {@code main} from the test classpath. Measures trySend+tryRecv pairs and send-poll+recv-poll pairs in batches
 * of 512 and prints ns per message.
 */
public final class MpscSingleThreadBench {
    private MpscSingleThreadBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (int warm = 0; warm < 3; warm++) {
            report("trySend/tryRecv", tryPath(rounds));
            report("send/recv poll ", pollPath(rounds));
        }
    }

    private static void report(String what, double ns) {
        System.out.printf("%s: %.1f ns/msg%n", what, ns);
    }

    private static double tryPath(int rounds) {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1024);
        Integer v = 7;
        long sink = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 512; i++) ch.sender().trySend(v);
            for (int i = 0; i < 512; i++) if (ch.receiver().tryRecv() instanceof Mpsc.TryRecv.Received<Integer>) sink++;
        }
        long t = System.nanoTime() - t0;
        if (sink != (long) rounds * 512) throw new AssertionError(sink);
        return (double) t / sink;
    }

    private static double pollPath(int rounds) {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1024);
        Context cx = new Context(Waker.noop());
        Integer v = 7;
        long sink = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 512; i++) {
                Future<Void> f = ch.sender().send(v);
                if (!f.poll(cx).isReady()) throw new AssertionError("full");
            }
            for (int i = 0; i < 512; i++) {
                Poll<Optional<Integer>> p = ch.receiver().pollRecv(cx);
                if (p.isReady()) sink++;
            }
        }
        long t = System.nanoTime() - t0;
        if (sink != (long) rounds * 512) throw new AssertionError(sink);
        return (double) t / sink;
    }
}

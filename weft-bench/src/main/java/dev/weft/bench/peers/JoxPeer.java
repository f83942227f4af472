package dev.weft.bench.peers;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code jox} peer: SoftwareMill Jox 1.0 channels and select, used as Jox's README shows them: buffered
 * {@code Channel.newBufferedChannel(n)}, blocking {@code send}/{@code receiveOrClosed} called from virtual threads
 * ("designed to be used with virtual threads"), {@code done()} to close, and {@code Select.selectOrClosedWithin} for
 * a select with a timeout. The tasks are plain virtual threads (2 carriers, as for {@code vthreads}).
 * Jox's channels module has no task, timer, semaphore, mutex, broadcast or stream API: those workloads are NA
 * (their virtual-thread form is the vthreads row).
 */
public final class JoxPeer {
    private JoxPeer() {}

    static final String IMPL = "jox";

    /** Registers every jox row. */
    public static void register(Registry r) {
        r.na(Workload.W1, IMPL, "jox channels has no task API; its tasks are virtual threads (vthreads row)");
        r.add(Workload.W3, IMPL, "newBufferedChannel(1024), boxed Long, done() + receiveOrClosed", JoxPeer::w3);
        r.add(Workload.W4, IMPL, "newBufferedChannel(1024), boxed Long, done() after the producers", JoxPeer::w4);
        r.add(Workload.W5, IMPL, "two newBufferedChannel(1)", JoxPeer::w5);
        r.na(Workload.W6, IMPL, "jox has no timers; sleeping virtual threads are the vthreads row");
        r.na(Workload.W7, IMPL, "jox has no one-shot/task API; parked virtual threads are the vthreads row");
        r.na(Workload.W8, IMPL, "jox has no semaphore");
        r.na(Workload.W9, IMPL, "jox has no mutex");
        r.na(Workload.W10, IMPL, "jox channels has no broadcast channel");
        r.na(Workload.W11, IMPL, "jox has no network I/O");
        r.add(Workload.W13, IMPL, "Select.selectOrClosedWithin(1 s, ch.receiveClause()) per iteration", JoxPeer::w13);
        r.na(Workload.W14, IMPL, "jox channels has no lazy stream (the jox 'flows' module is not the channels API)");
    }

    private static long sumUntilDone(Channel<Long> ch) throws InterruptedException {
        long sum = 0;
        while (true) {
            Object r = ch.receiveOrClosed();
            if (r instanceof ChannelClosed c) {
                if (c instanceof com.softwaremill.jox.ChannelError e) throw new RuntimeException(e.toException());
                return sum;
            }
            sum += (Long) r;
        }
    }

    static Outcome w3(long n) throws Exception {
        Channel<Long> ch = Channel.newBufferedChannel(Workload.CHANNEL_CAPACITY);
        AtomicLong sum = new AtomicLong();
        Thread consumer = VirtualThreads.start(() -> sum.set(sumUntilDone(ch)));
        Thread producer = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) ch.send(i);
            ch.done();
        });
        producer.join();
        consumer.join();
        return Outcome.of(sum.get());
    }

    static Outcome w4(long n) throws Exception {
        Channel<Long> ch = Channel.newBufferedChannel(Workload.CHANNEL_CAPACITY);
        AtomicLong sum = new AtomicLong();
        long per = n / Workload.PRODUCERS;
        Thread consumer = VirtualThreads.start(() -> sum.set(sumUntilDone(ch)));
        Thread[] producers = new Thread[Workload.PRODUCERS];
        for (int p = 0; p < producers.length; p++) {
            long base = p * per;
            producers[p] = VirtualThreads.start(() -> {
                for (long i = 0; i < per; i++) ch.send(base + i);
            });
        }
        for (Thread t : producers) t.join();
        ch.done();
        consumer.join();
        return Outcome.of(sum.get());
    }

    static Outcome w5(long n) throws Exception {
        Channel<Long> ping = Channel.newBufferedChannel(1);
        Channel<Long> pong = Channel.newBufferedChannel(1);
        AtomicLong result = new AtomicLong();
        Thread a = VirtualThreads.start(() -> {
            long c = 0;
            for (long i = 0; i < n; i++) {
                ping.send(c);
                c = pong.receive() + 1;
            }
            result.set(c);
        });
        Thread b = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) pong.send(ping.receive() + 1);
        });
        a.join();
        b.join();
        return Outcome.of(result.get());
    }

    private static final Object TIMEOUT = new Object();

    static Outcome w13(long n) throws Exception {
        Channel<Long> ch = Channel.newBufferedChannel(Workload.CHANNEL_CAPACITY);
        AtomicLong result = new AtomicLong();
        Thread producer = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) ch.send(i);
            // the channel stays open: no done()
        });
        Thread consumer = VirtualThreads.start(() -> {
            long sum = 0;
            Duration timeout = Duration.ofMillis(Workload.SELECT_TIMEOUT_MS);
            while (true) {
                Object r = Select.selectOrClosedWithin(timeout, TIMEOUT, ch.receiveClause());
                if (r == TIMEOUT) break;
                if (r instanceof ChannelClosed) throw new SelfCheckFailed("W13: channel closed (expected: open)");
                sum += (Long) r;
            }
            result.set(sum);
        });
        consumer.join();
        producer.join();
        return Outcome.of(result.get());
    }
}

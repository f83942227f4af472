package dev.weft.bench.jmh;

import dev.weft.bench.weft.MpscProducer;
import dev.weft.bench.weft.MpscSumConsumer;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a bounded {@link Mpsc} message costs: uncontended on one thread ({@code trySend} then {@code tryRecv}, the
 * lock-free fast paths, no waker involved), and contended between a producer task and a consumer task on a
 * 2-worker runtime (trySend loop with {@code reserve()} when full; {@code pollRecvMany} batches), W3's shape at
 * {@value #MESSAGES} messages per invocation. Reported per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChannelBenchmark {
    static final int CAPACITY = 1024;
    static final int MESSAGES = 100_000;
    static final Long VALUE = 42L;

    WeftRuntime rt;
    Mpsc.Sender<Long> tx;
    Mpsc.Receiver<Long> rx;

    @Setup
    public void setup() {
        rt = WeftRuntime.builder().workerThreads(2).build();
        Mpsc.Channel<Long> ch = Mpsc.bounded(CAPACITY);
        tx = ch.sender();
        rx = ch.receiver();
    }

    @TearDown
    public void tearDown() {
        rt.close();
    }

    /** One trySend and one tryRecv on the same thread: the uncontended cost of a message. */
    @Benchmark
    public Object uncontended_trySendTryRecv() {
        tx.trySend(VALUE);
        return rx.tryRecv();
    }

    /** A producer task and a consumer task, MESSAGES messages through bounded(1024). */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long contended_producerConsumerTasks() {
        Mpsc.Channel<Long> ch = Mpsc.bounded(CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(new MpscSumConsumer(ch.receiver()));
        rt.spawn(new MpscProducer(ch.sender(), 0, MESSAGES, true));
        return rt.blockOn(consumer);
    }
}

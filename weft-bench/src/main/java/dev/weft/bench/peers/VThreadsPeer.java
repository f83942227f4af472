package dev.weft.bench.peers;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Registry;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code vthreads} peer: JDK virtual threads and java.util.concurrent, written in the thread-per-task style of
 * JEP 444 ("Virtual Threads": "do not pool virtual threads", use {@code Executors.newVirtualThreadPerTaskExecutor()}
 * and plain blocking code; guard scarce resources with a {@code Semaphore}). Queues are the bounded
 * {@code ArrayBlockingQueue} the java.util.concurrent docs recommend for producer/consumer hand-off; W10 uses the
 * JDK's {@code SubmissionPublisher} (java.util.concurrent.Flow); W11 uses blocking java.net sockets, the JEP's own
 * server example. The launcher pins the virtual-thread scheduler to 2 carriers
 * ({@code -Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2}).
 */
public final class VThreadsPeer {
    private VThreadsPeer() {}

    static final String IMPL = "vthreads";

    /** Registers every vthreads row. */
    public static void register(Registry r) {
        r.add(Workload.W1, IMPL, "newVirtualThreadPerTaskExecutor + Future.get in order", VThreadsPeer::w1);
        r.add(Workload.W3, IMPL, "ArrayBlockingQueue(1024) of boxed Long; consumer takes N", VThreadsPeer::w3);
        r.add(Workload.W4, IMPL, "ArrayBlockingQueue(1024) of boxed Long; consumer takes N", VThreadsPeer::w4);
        r.add(Workload.W5, IMPL, "two ArrayBlockingQueue(1)", VThreadsPeer::w5);
        r.add(Workload.W6, IMPL, "Thread.sleep on one virtual thread per task", VThreadsPeer::w6);
        r.add(Workload.W7, IMPL, "one virtual thread per task parked in its own CountDownLatch.await", VThreadsPeer::w7);
        r.add(Workload.W8, IMPL, "Semaphore(100) + Thread.yield", VThreadsPeer::w8);
        r.add(Workload.W9, IMPL, "ReentrantLock (non-fair)", VThreadsPeer::w9);
        r.add(Workload.W10, IMPL, "SubmissionPublisher(vthread executor, 65536), submit blocks: back-pressure, never lags",
                VThreadsPeer::w10);
        r.add(Workload.W11, IMPL, "blocking java.net sockets, a virtual thread per connection end, TCP_NODELAY",
                VThreadsPeer::w11);
        r.add(Workload.W13, IMPL, "no select in the JDK: ArrayBlockingQueue.poll(1 s) is the recv-or-timeout idiom",
                VThreadsPeer::w13);
        r.na(Workload.W14, IMPL, "no lazy async stream in the JDK; sequential java.util.stream is the jdkstream row");
    }

    static Outcome w1(long n) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> handles = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                long v = i;
                handles.add(ex.submit(() -> v));
            }
            long sum = 0;
            for (Future<Long> h : handles) sum += h.get();
            return Outcome.of(sum);
        }
    }

    static Outcome w3(long n) throws Exception {
        ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(Workload.CHANNEL_CAPACITY);
        AtomicLong sum = new AtomicLong();
        Thread consumer = VirtualThreads.start(() -> {
            long s = 0;
            for (long i = 0; i < n; i++) s += q.take();
            sum.set(s);
        });
        Thread producer = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) q.put(i);
        });
        producer.join();
        consumer.join();
        return Outcome.of(sum.get());
    }

    static Outcome w4(long n) throws Exception {
        ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(Workload.CHANNEL_CAPACITY);
        AtomicLong sum = new AtomicLong();
        long per = n / Workload.PRODUCERS;
        Thread consumer = VirtualThreads.start(() -> {
            long s = 0;
            for (long i = 0; i < n; i++) s += q.take();
            sum.set(s);
        });
        Thread[] producers = new Thread[Workload.PRODUCERS];
        for (int p = 0; p < producers.length; p++) {
            long base = p * per;
            producers[p] = VirtualThreads.start(() -> {
                for (long i = 0; i < per; i++) q.put(base + i);
            });
        }
        for (Thread t : producers) t.join();
        consumer.join();
        return Outcome.of(sum.get());
    }

    static Outcome w5(long n) throws Exception {
        ArrayBlockingQueue<Long> ping = new ArrayBlockingQueue<>(1);
        ArrayBlockingQueue<Long> pong = new ArrayBlockingQueue<>(1);
        AtomicLong result = new AtomicLong();
        Thread a = VirtualThreads.start(() -> {
            long c = 0;
            for (long i = 0; i < n; i++) {
                ping.put(c);
                c = pong.take() + 1;
            }
            result.set(c);
        });
        Thread b = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) pong.put(ping.take() + 1);
        });
        a.join();
        b.join();
        return Outcome.of(result.get());
    }

    static Outcome w6(long n) throws Exception {
        LongAdder done = new LongAdder();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < n; i++) {
                long ms = i * 7919 % 1000;
                ex.submit(() -> {
                    Thread.sleep(ms);
                    done.increment();
                    return null;
                });
            }
        } // close() waits for every task
        return Outcome.of(done.sum());
    }

    static Outcome w7(long n) throws Exception {
        Probes.MemoryBaseline base = Probes.MemoryBaseline.take();
        int count = Math.toIntExact(n);
        CountDownLatch[] signals = new CountDownLatch[count];
        Thread[] threads = new Thread[count];
        LongAdder done = new LongAdder();
        for (int i = 0; i < count; i++) {
            CountDownLatch signal = new CountDownLatch(1);
            signals[i] = signal;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    signal.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                done.increment();
            });
        }
        // parked = every thread in WAITING (inside await); no sleep, re-check the ones not there yet
        for (int i = 0; i < count; i++) {
            while (threads[i].getState() != Thread.State.WAITING) java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        Probes.Parked parked = base.measureParked(n);
        for (CountDownLatch s : signals) s.countDown();
        for (Thread t : threads) t.join();
        return parked.outcome(done.sum());
    }

    static Outcome w8(long n) throws Exception {
        Semaphore permits = new Semaphore(Workload.PERMITS);
        Probes.PermitProbe probe = new Probes.PermitProbe(Workload.PERMITS);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < n; i++) {
                ex.submit(() -> {
                    permits.acquire();
                    try {
                        probe.enter();
                        Thread.yield();
                        probe.exit();
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        return probe.outcome();
    }

    static final class Counter {
        long value; // guarded by the lock
    }

    static Outcome w9(long n) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Counter counter = new Counter();
        long tasks = n / Workload.INCREMENTS;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long t = 0; t < tasks; t++) {
                ex.submit(() -> {
                    for (int i = 0; i < Workload.INCREMENTS; i++) {
                        lock.lock();
                        try {
                            counter.value++;
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
        }
        lock.lock();
        try {
            return Outcome.of(counter.value);
        } finally {
            lock.unlock();
        }
    }

    static Outcome w10(long n) throws Exception {
        Probes.Tally[] tallies = new Probes.Tally[Workload.SUBSCRIBERS];
        CountDownLatch completed = new CountDownLatch(Workload.SUBSCRIBERS);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
             SubmissionPublisher<Long> pub = new SubmissionPublisher<>(ex, Workload.BROADCAST_CAPACITY)) {
            for (int s = 0; s < tallies.length; s++) {
                Probes.Tally tally = new Probes.Tally();
                tallies[s] = tally;
                pub.subscribe(new Flow.Subscriber<Long>() {
                    @Override public void onSubscribe(Flow.Subscription sub) { sub.request(Long.MAX_VALUE); }
                    @Override public void onNext(Long v) { tally.received(v); }
                    @Override public void onError(Throwable t) { completed.countDown(); }
                    @Override public void onComplete() {
                        tally.end(n);
                        completed.countDown();
                    }
                });
            }
            Thread producer = Thread.ofVirtual().start(() -> {
                for (long i = 0; i < n; i++) {
                    pub.submit(i);
                    if ((i + 1) % Workload.YIELD_EVERY == 0) Thread.yield();
                }
                pub.close();
            });
            producer.join();
            if (!completed.await(5, TimeUnit.MINUTES)) throw new SelfCheckFailed("W10: subscribers never completed");
        }
        return Probes.Tally.outcome(tallies);
    }

    static Outcome w11(long n) throws Exception {
        int conns = Math.toIntExact(n / Workload.ROUND_TRIPS_PER_CONNECTION);
        int trips = Workload.ROUND_TRIPS_PER_CONNECTION;
        LongAdder verified = new LongAdder();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, conns * 2, lo);
             ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            ex.submit(() -> {
                for (int c = 0; c < conns; c++) {
                    Socket s = server.accept();
                    ex.submit(() -> echo(s));
                }
                return null;
            });
            List<Future<?>> clients = new ArrayList<>(conns);
            for (int c = 0; c < conns; c++) {
                int id = c;
                clients.add(ex.submit(() -> {
                    try (Socket s = new Socket(lo, server.getLocalPort())) {
                        s.setTcpNoDelay(true);
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        byte[] msg = new byte[Workload.MESSAGE_BYTES];
                        byte[] back = new byte[Workload.MESSAGE_BYTES];
                        msg[0] = (byte) id;
                        for (int r = 0; r < trips; r++) {
                            msg[1] = (byte) r;
                            msg[Workload.MESSAGE_BYTES - 1] = (byte) (r >> 8);
                            out.write(msg);
                            if (in.readNBytes(back, 0, back.length) != back.length || !Arrays.equals(msg, back)) {
                                throw new SelfCheckFailed("W11: connection " + id + " round trip " + r + " echoed wrong bytes");
                            }
                            verified.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) f.get();
        }
        return Outcome.of(verified.sum());
    }

    private static Void echo(Socket s) throws Exception {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[Workload.MESSAGE_BYTES];
            while (in.readNBytes(buf, 0, buf.length) == buf.length) out.write(buf);
        }
        return null;
    }

    static Outcome w13(long n) throws Exception {
        ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(Workload.CHANNEL_CAPACITY);
        CountDownLatch consumerDone = new CountDownLatch(1);
        Thread producer = VirtualThreads.start(() -> {
            for (long i = 0; i < n; i++) q.put(i);
            consumerDone.await(); // keeps the channel "open": nobody closes it
        });
        AtomicLong result = new AtomicLong();
        Thread consumer = VirtualThreads.start(() -> {
            long sum = 0;
            Long v;
            while ((v = q.poll(Workload.SELECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) != null) sum += v;
            result.set(sum);
            consumerDone.countDown();
        });
        consumer.join();
        producer.join();
        return Outcome.of(result.get());
    }
}

package dev.weft.bench.peers;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Registry;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code reactor} peer: Project Reactor 3.8 (reactor-core), written as the Reactor reference guide recommends:
 * declarative Flux/Mono pipelines, {@code subscribeOn}/{@code publishOn} to move work onto a {@code Scheduler}
 * ("Threading and Schedulers"), {@code Flux.generate} for a synchronous producer ("Programmatically creating a
 * sequence"), {@code flatMap(mapper, concurrency)} to bound concurrency, {@code Mono.delay} and {@code timeout}
 * for time, {@code publish()} for multicast, {@code Sinks.one()} for a one-shot signal. Every pipeline runs on one
 * {@code Schedulers.newParallel("r", 2)} (2 workers; daemon threads), created per workload outside the timing.
 * Workloads needing a primitive Reactor does not have (rendezvous channels, an async mutex, sockets) are NA.
 */
public final class ReactorPeer {
    static final String IMPL = "reactor";

    private Scheduler s;

    /** Registers every reactor row. */
    public void register(Registry r) {
        r.add(Workload.W1, IMPL, "Mono.fromCallable(..).subscribeOn(s).toFuture() per task, joined in order", this::w1,
                this::open, this::close);
        r.add(Workload.W3, IMPL, "Flux.generate.subscribeOn(s).publishOn(s, 1024): the 1024 prefetch queue is the channel",
                this::w3, this::open, this::close);
        r.add(Workload.W4, IMPL, "Flux.merge(4 x generate.subscribeOn(s), prefetch 1024); merge drains on the producers' workers",
                this::w4, this::open, this::close);
        r.na(Workload.W5, IMPL, "no channel or rendezvous primitive: Reactor models request/response as one pipeline,"
                + " not two tasks passing a counter");
        r.add(Workload.W6, IMPL, "Mono.when(N x Mono.delay(d, s))", this::w6, this::open,
                this::close);
        r.add(Workload.W7, IMPL, "a task = Sinks.one().asMono().publishOn(s).subscribe(..), parked until emitted",
                this::w7, this::open, this::close);
        r.add(Workload.W8, IMPL, "no async semaphore: flatMap(maxConcurrency=100) bounds concurrency, the yield is a"
                + " subscribeOn(s) hop", this::w8, this::open, this::close);
        r.na(Workload.W9, IMPL, "no async mutex in Reactor: shared state is confined to one pipeline (serialized"
                + " signals), so 1000 tasks contending for a lock cannot be written idiomatically");
        r.add(Workload.W10, IMPL, "generate.subscribeOn(s).publish(65536) + 8 x publishOn(s) subscribers:"
                + " back-pressure to the slowest, never lags; push-based, so no yield every 256", this::w10, this::open,
                this::close);
        r.na(Workload.W11, IMPL, "reactor-core has no network I/O (reactor-netty would be the peer; not included)");
        r.add(Workload.W13, IMPL, "timeout(1 s, s) restarts its timer per element (= a new sleep per select)",
                this::w13, this::open, this::close);
        r.add(Workload.W14, IMPL, "Flux.range.map.filter.map.reduce, synchronous, boxed Long", this::w14, this::open,
                this::close);
    }

    void open() {
        s = Schedulers.newParallel("r", 2, true);
    }

    void close() {
        s.dispose();
    }

    Outcome w1(long n) {
        List<CompletableFuture<Long>> handles = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            long v = i;
            handles.add(Mono.fromCallable(() -> v).subscribeOn(s).toFuture());
        }
        long sum = 0;
        for (CompletableFuture<Long> h : handles) sum += h.join();
        return Outcome.of(sum);
    }

    static Flux<Long> range(long from, long count) {
        long end = from + count;
        return Flux.generate(() -> from, (i, sink) -> {
            if (i < end) sink.next(i);
            else sink.complete();
            return i + 1;
        });
    }

    Outcome w3(long n) {
        Long sum = range(0, n).subscribeOn(s).publishOn(s, Workload.CHANNEL_CAPACITY).reduce(0L, Long::sum).block();
        return Outcome.of(sum);
    }

    Outcome w4(long n) {
        long per = n / Workload.PRODUCERS;
        List<Flux<Long>> producers = new ArrayList<>();
        for (int p = 0; p < Workload.PRODUCERS; p++) producers.add(range(p * per, per).subscribeOn(s));
        Long sum = Flux.merge(Flux.fromIterable(producers), Workload.PRODUCERS, Workload.CHANNEL_CAPACITY)
                .reduce(0L, Long::sum).block();
        return Outcome.of(sum);
    }

    Outcome w6(long n) {
        // Mono.when over every delay: completion is a counter. (flatMap(.., concurrency=N) was measured first: its
        // inner-subscriber array makes each completion O(active), ~60 s for N=100,000 on 2 cores.)
        LongAdder done = new LongAdder();
        List<Mono<Long>> timers = new ArrayList<>(Math.toIntExact(n));
        for (long i = 0; i < n; i++) {
            timers.add(Mono.delay(Duration.ofMillis(i * 7919 % 1000), s).doOnNext(x -> done.increment()));
        }
        Mono.when(timers).block();
        return Outcome.of(done.sum());
    }

    Outcome w7(long n) throws Exception {
        Probes.MemoryBaseline base = Probes.MemoryBaseline.take();
        int count = Math.toIntExact(n);
        @SuppressWarnings("unchecked")
        Sinks.One<Long>[] signals = new Sinks.One[count];
        CountDownLatch done = new CountDownLatch(count);
        LongAdder completed = new LongAdder();
        for (int i = 0; i < count; i++) {
            Sinks.One<Long> signal = Sinks.one();
            signals[i] = signal;
            signal.asMono().publishOn(s).subscribe(v -> {
                completed.increment();
                done.countDown();
            });
        }
        // subscribe() registered every subscriber synchronously: all are parked now
        Probes.Parked parked = base.measureParked(n);
        for (int i = 0; i < count; i++) signals[i].tryEmitValue((long) i).orThrow();
        if (!done.await(5, TimeUnit.MINUTES)) throw new SelfCheckFailed("W7: tasks never completed");
        return parked.outcome(completed.sum());
    }

    Outcome w8(long n) {
        Probes.PermitProbe probe = new Probes.PermitProbe(Workload.PERMITS);
        Flux.range(0, Math.toIntExact(n))
                .flatMap(i -> Mono.fromRunnable(probe::enter)
                        .then(Mono.fromRunnable(probe::exit).subscribeOn(s)), Workload.PERMITS)
                .subscribeOn(s)
                .then().block();
        return probe.outcome();
    }

    Outcome w10(long n) throws Exception {
        Probes.Tally[] tallies = new Probes.Tally[Workload.SUBSCRIBERS];
        CountDownLatch completed = new CountDownLatch(Workload.SUBSCRIBERS);
        ConnectableFlux<Long> pub = range(0, n).subscribeOn(s).publish(Workload.BROADCAST_CAPACITY);
        for (int i = 0; i < tallies.length; i++) {
            Probes.Tally tally = new Probes.Tally();
            tallies[i] = tally;
            pub.publishOn(s).subscribe(tally::received, e -> completed.countDown(), () -> {
                tally.end(n);
                completed.countDown();
            });
        }
        pub.connect();
        if (!completed.await(5, TimeUnit.MINUTES)) throw new SelfCheckFailed("W10: subscribers never completed");
        return Probes.Tally.outcome(tallies);
    }

    Outcome w13(long n) {
        Long sum = range(0, n).concatWith(Flux.never()).subscribeOn(s)
                .publishOn(s, Workload.CHANNEL_CAPACITY)
                .timeout(Duration.ofMillis(Workload.SELECT_TIMEOUT_MS), Mono.empty(), s)
                .reduce(0L, Long::sum).block();
        return Outcome.of(sum);
    }

    Outcome w14(long n) {
        Long sum = Flux.range(0, Math.toIntExact(n))
                .map(x -> (long) x * 2)
                .filter(x -> x % 3 == 0)
                .map(x -> x + 1)
                .reduce(0L, Long::sum).block();
        return Outcome.of(sum);
    }
}

package dev.weft.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.CancelledException;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskLocal;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spans following a request through a runtime: across awaits, spawns of every kind, select, async blocks and a
 * channel hop; ended cancelled when their task is aborted, and never left current on a worker. Every test runs
 * on both runtime flavours where the flavour matters.
 */
@Timeout(60)
class TracePropagationTest {

    /** One worker (or the current thread) polls every task, so a span left current would show in the next poll. */
    static WeftRuntime runtime(boolean multi) {
        return multi ? WeftRuntime.multiThread().workerThreads(1).name("trace-multi").build()
                : WeftRuntime.currentThread().name("trace-current").build();
    }

    record Query(String sql, Oneshot.Sender<String> reply) {}

    /**
     * The request of the issue: task A serves "request" (an async block), spawns task B for "auth" (poll-based),
     * which sends a query over a channel, carrying its span, to task C (a long-lived database worker spawned
     * outside any span), which runs "db.query" in the sender's trace and replies.
     */
    static String serveOneRequest(WeftRuntime rt, Tracer tracer) {
        Mpsc.Channel<Traced<Query>> queries = Mpsc.bounded(8);
        JoinHandle<Integer> db = rt.spawn(Async.async(() -> { // task C
            if (Span.current().isPresent()) throw new AssertionError("the db worker runs outside any span");
            int served = 0;
            Optional<Traced<Query>> m;
            while ((m = queries.receiver().recv().await()).isPresent()) {
                Traced<Query> q = m.get();
                String rows = q.instrument(tracer.inSpan("db.query",
                        Futures.lazy(() -> "rows of " + q.value().sql()))).await();
                if (Span.current().isPresent()) throw new AssertionError("the sender's span outlived the query");
                q.value().reply().send(rows);
                served++;
            }
            return served;
        }));
        JoinHandle<String> request = rt.spawn(tracer.inSpan("request", Async.async(() -> { // task A
            Future<String> auth = Futures.lazy(Oneshot::<String>channel) // task B's work, poll-based
                    .then(reply -> queries.sender().send(Traced.of(new Query("select key", reply.sender())))
                            .then(sent -> reply.receiver()));
            return "ok: " + Tasks.spawn(tracer.inSpan("auth", auth)).await();
        })));
        String response = rt.blockOn(request);
        queries.sender().close();
        assertThat(rt.blockOn(db)).isEqualTo(1);
        return response;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneRequest_acrossThreeTasksAndAChannelHop_isOneTraceWithParentsInOrder(boolean multi) {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        try (WeftRuntime rt = runtime(multi)) {
            assertThat(serveOneRequest(rt, tracer)).isEqualTo("ok: rows of select key");
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(Span::current)))).as("current on the worker").isEmpty();
        }
        Span request = rec.ended("request");
        Span auth = rec.ended("auth");
        Span query = rec.ended("db.query");
        assertThat(request.parent()).isEmpty();
        assertThat(auth.parent()).contains(request);
        assertThat(query.parent()).contains(auth);
        assertThat(List.of(auth.traceId(), query.traceId())).containsOnly(request.traceId());
        assertThat(List.of(request.spanId(), auth.spanId(), query.spanId())).doesNotHaveDuplicates();
        assertThat(List.of(request.status(), auth.status(), query.status())).containsOnly(SpanStatus.OK);
        assertThat(rec.ended).hasSize(3);
        // the listener got each parent's state, and enters and exits balanced in nested order on every thread
        assertThat(rec.parentStates).contains("request<-null", "auth<-state:request", "db.query<-state:auth");
        assertThat(rec.problems).isEmpty();
        assertThat(rec.open).hasValue(0);
        // "request" was entered on the async block's virtual thread, not only on the worker that polled it
        assertThat(rec.enters).anyMatch(e -> e.span().equals("request") && e.thread().isVirtual());
    }

    /** The same request with the JDK-only sink: one DEBUG line per span through System.Logger, one trace id. */
    @Test
    void oneRequest_withTheSystemLoggerSink_logsOneLinePerSpanInOneTrace() {
        Logger jul = Logger.getLogger("dev.weft.trace"); // System.Logger's backend here; held so it stays
        Level before = jul.getLevel();
        BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.setLevel(Level.FINE); // System.Logger DEBUG
        jul.addHandler(h);
        try (WeftRuntime rt = runtime(true)) {
            serveOneRequest(rt, Tracer.systemLogger());
        } finally {
            jul.removeHandler(h);
            jul.setLevel(before);
        }
        Pattern line = Pattern.compile(
                "span ended: name=(\\S+) trace=([0-9a-f]{32}) span=([0-9a-f]{16}) parent=(\\S+) status=OK .*");
        Map<String, String[]> byName = new java.util.HashMap<>();
        for (LogRecord r : records) {
            Matcher m = line.matcher(r.getMessage());
            if (m.matches() && List.of("request", "auth", "db.query").contains(m.group(1))) {
                assertThat(r.getLevel()).isEqualTo(Level.FINE);
                byName.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
            }
        }
        assertThat(byName).containsOnlyKeys("request", "auth", "db.query");
        String trace = byName.get("request")[0];
        assertThat(byName.values()).allMatch(v -> v[0].equals(trace));
        assertThat(byName.get("request")[2]).isEqualTo("-");
        assertThat(byName.get("auth")[2]).isEqualTo(byName.get("request")[1]);
        assertThat(byName.get("db.query")[2]).isEqualTo(byName.get("auth")[1]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void spawn_whileASpanIsCurrent_everyKindOfTaskSeesIt_andVirtualThreadsOfItsBlocks(boolean multi) {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        Span parent = tracer.startSpan("parent");
        try (WeftRuntime rt = runtime(multi)) {
            List<Optional<Span>> seen = rt.blockOn(parent.instrument(Async.async(() -> {
                List<JoinHandle<Optional<Span>>> handles = new ArrayList<>();
                handles.add(Tasks.spawn(Futures.lazy(Span::current)));
                handles.add(Tasks.spawnAsync(Span::current));
                handles.add(Tasks.spawnBlocking(Span::current));
                handles.add(Tasks.spawn(Async.async(Span::current)));
                handles.add(Tasks.spawnAsync(() -> { // a plain virtual thread the block creates
                    AtomicReference<Optional<Span>> box = new AtomicReference<>();
                    Thread t = Thread.ofVirtual().start(() -> box.set(Span.current()));
                    t.join();
                    return box.get();
                }));
                List<Optional<Span>> out = new ArrayList<>();
                out.add(Span.current()); // the async block itself
                for (JoinHandle<Optional<Span>> h : handles) out.add(h.await());
                return out;
            })));
            assertThat(seen).hasSize(6).containsOnly(Optional.of(parent));
            assertThat(Span.current()).isEmpty();
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(Span::current)))).isEmpty();
        } finally {
            parent.end();
        }
        assertThat(rec.problems).isEmpty();
        assertThat(rec.open).hasValue(0);
        // entered on virtual threads (async blocks, spawnAsync) and on the blocking pool's platform thread
        assertThat(rec.enters).anyMatch(e -> e.thread().isVirtual());
        assertThat(rec.enters).anyMatch(e -> e.thread().getName().contains("blocking"));
    }

    static final TaskLocal<String> USER = TaskLocal.newInstance("USER");

    @Test
    void spawn_inheritsTheCurrentSpan_butNoOtherTaskLocal() {
        Tracer tracer = Tracer.create(new RecordingListener());
        try (WeftRuntime rt = runtime(true)) {
            String seen = rt.blockOn(USER.scope("alice", tracer.inSpan("outer", Futures.lazy(() -> Tasks.spawn(
                    Futures.lazy(() -> Span.current().map(Span::name).orElse("none") + "/"
                            + USER.tryGet().orElse("unset"))))
                    .then(child -> child))));
            assertThat(seen).isEqualTo("outer/unset");
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(Span::current)))).isEmpty(); // spawned outside: none
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void select_branchesSeeTheTasksSpan_theLoserInASpanOfItsOwnEndsCancelled(boolean multi) {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        try (WeftRuntime rt = runtime(multi)) {
            String won = rt.blockOn(rt.spawn(tracer.inSpan("select", Select.<String>select().biased()
                    .on(tracer.inSpan("slow", Futures.<String>pending()), v -> v)
                    .on(Futures.lazy(() -> Span.current().orElseThrow().name()), v -> "plain branch in " + v)
                    .on(tracer.inSpan("fast", Futures.ready("fast")), v -> v))));
            assertThat(won).isEqualTo("plain branch in select");
        }
        Span select = rec.ended("select");
        Span slow = rec.ended("slow");
        assertThat(slow.status()).isEqualTo(SpanStatus.CANCELLED);
        assertThat(slow.parent()).contains(select);
        assertThat(slow.traceId()).isEqualTo(select.traceId());
        assertThat(select.status()).isEqualTo(SpanStatus.OK);
        // "fast" was cancelled before its first poll: a lazy span that never started leaves nothing
        assertThat(rec.started).noneMatch(s -> s.name().equals("fast"));
        assertThat(rec.open).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void abort_ofATaskMidSpan_endsItsSpanCancelled_andLeavesNoSpanCurrentOnTheWorker(boolean multi)
            throws Exception {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        try (WeftRuntime rt = runtime(multi)) {
            CountDownLatch polled = new CountDownLatch(1);
            AtomicReference<Thread> worker = new AtomicReference<>();
            Future<Void> stuck = cx -> {
                worker.set(Thread.currentThread());
                polled.countDown();
                return Poll.pending();
            };
            JoinHandle<Void> h = rt.spawn(tracer.inSpan("doomed", stuck));
            rt.blockOn(Async.run(polled::await)); // lets the current-thread flavour run the task meanwhile
            assertThat(rec.started).extracting(Span::name).containsExactly("doomed");
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class);
            Span doomed = rec.ended("doomed");
            assertThat(doomed.status()).isEqualTo(SpanStatus.CANCELLED);
            assertThat(rec.endCount("doomed")).isEqualTo(1);
            // the same polling thread (the only worker, or this thread) polls the next task with no span current
            AtomicReference<Thread> next = new AtomicReference<>();
            Optional<Span> after = rt.blockOn(rt.spawn(Futures.lazy(() -> {
                next.set(Thread.currentThread());
                return Span.current();
            })));
            assertThat(after).isEmpty();
            assertThat(next.get()).isSameAs(worker.get());
        }
        assertThat(rec.problems).isEmpty();
        assertThat(rec.open).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void abort_ofAnAsyncBlockMidSpan_endsBothSpansCancelled_beforeTheHandleReportsCancelled(boolean multi)
            throws Exception {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        try (WeftRuntime rt = runtime(multi)) {
            CountDownLatch started = new CountDownLatch(1);
            JoinHandle<Void> h = rt.spawn(tracer.inSpan("outer", Async.run(() -> tracer.run("inner", span -> {
                started.countDown();
                Futures.pending().await(); // only a cancellation ends this
            }))));
            rt.blockOn(Async.run(started::await));
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class);
            // both ended by the time the handle reports: the task waited for the block to unwind
            Span inner = rec.ended("inner");
            Span outer = rec.ended("outer");
            assertThat(inner.status()).isEqualTo(SpanStatus.CANCELLED);
            assertThat(inner.failure()).containsInstanceOf(CancelledException.class);
            assertThat(outer.status()).isEqualTo(SpanStatus.CANCELLED);
            assertThat(inner.parent()).contains(outer);
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(Span::current)))).isEmpty();
        }
        assertThat(rec.problems).isEmpty();
        assertThat(rec.open).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void poll_thatThrows_endsTheSpanWithError_andRestoresTheCurrentSpan(boolean multi) {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        IllegalStateException boom = new IllegalStateException("boom");
        try (WeftRuntime rt = runtime(multi)) {
            JoinHandle<Void> h = rt.spawn(tracer.inSpan("failing", cx -> {
                throw boom;
            }));
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class).hasCause(boom);
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(Span::current)))).isEmpty();
        }
        Span failing = rec.ended("failing");
        assertThat(failing.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(failing.failure()).containsSame(boom);
        assertThat(rec.open).hasValue(0);
    }

    @Test
    void instrument_undoesAScopeLeftOpenInsideThePoll() {
        Tracer tracer = Tracer.create(new RecordingListener());
        Span outer = tracer.startSpan("outer");
        Span leaked = tracer.startSpan("leaked");
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) { // polls on this thread
            Optional<Span> inside = rt.blockOn(outer.instrument(Futures.lazy(() -> {
                leaked.enter(); // never closed: a bug in the traced code
                return Span.current();
            })));
            assertThat(inside).contains(leaked);
            assertThat(Span.current()).isEmpty(); // the instrumented poll restored this thread's bindings
        }
    }

    @Test
    void instrument_acrossAwaits_entersTheSpanOnEveryPoll() {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        AtomicInteger polls = new AtomicInteger();
        Future<String> work = Futures.lazy(() -> 1).then(x -> Tasks.yieldNow()).then(x -> Tasks.yieldNow())
                .map(x -> Span.current().orElseThrow().name());
        Future<String> counted = cx -> {
            polls.incrementAndGet();
            return work.poll(cx);
        };
        try (WeftRuntime rt = runtime(true)) {
            assertThat(rt.blockOn(rt.spawn(tracer.inSpan("three-polls", counted)))).isEqualTo("three-polls");
        }
        assertThat(polls.get()).isGreaterThanOrEqualTo(3); // two yields: at least three polls
        assertThat(rec.enters).filteredOn(e -> e.span().equals("three-polls")).hasSize(polls.get());
        assertThat(rec.ended("three-polls").status()).isEqualTo(SpanStatus.OK);
        assertThat(rec.open).hasValue(0);
    }

    @Test
    void timeout_elapsing_endsTheInnerSpanCancelled_andTheOuterWithTheTimeoutError() {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) { // the clock jumps when idle
            assertThatThrownBy(() -> rt.blockOn(tracer.inSpan("deadline",
                    Time.timeout(Duration.ofSeconds(5), tracer.inSpan("slow", Futures.pending())))))
                    .isInstanceOf(TimeoutElapsedException.class);
        }
        Span deadline = rec.ended("deadline");
        Span slow = rec.ended("slow");
        assertThat(slow.status()).isEqualTo(SpanStatus.CANCELLED);
        assertThat(slow.parent()).contains(deadline);
        assertThat(deadline.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(deadline.failure()).containsInstanceOf(TimeoutElapsedException.class);
        assertThat(rec.open).hasValue(0);
    }

    @Test
    void inSpan_cancelledBeforeItsFirstPoll_startsNoSpan() {
        RecordingListener rec = new RecordingListener();
        Tracer tracer = Tracer.create(rec);
        Future<Integer> f = tracer.inSpan("never", Futures.ready(1));
        f.cancel();
        assertThat(rec.started).isEmpty();
        assertThat(rec.ended).isEmpty();
    }
}

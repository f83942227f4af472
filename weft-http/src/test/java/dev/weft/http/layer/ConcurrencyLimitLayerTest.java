package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Waker;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.layer.ConcurrencyLimitLayer.ConcurrencyLimit;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.Tasks;
import dev.weft.test.TestTask;
import dev.weft.test.TestWaker;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitLayerTest {

    private final Probe inner = new Probe();
    private final ConcurrencyLimit<Request, Response> limit = ConcurrencyLimitLayer.<Request, Response>of(2).layer(inner);

    private static Context cx(Waker w) {
        return new Context(w);
    }

    private void assertNoLeak() {
        assertThat(limit.available()).isEqualTo(limit.max());
        assertThat(limit.reserved()).isZero();
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void pollReady_atTheLimit_isPendingAndWokenWhenACallCompletes() {
        TestWaker w = new TestWaker();
        assertThat(limit.pollReady(cx(w)).isReady()).isTrue();
        TestTask<Response> a = TestTask.of(limit.call(Request.get("/a")));
        assertThat(limit.pollReady(cx(w)).isReady()).isTrue();
        TestTask<Response> b = TestTask.of(limit.call(Request.get("/b")));
        a.pollPending();
        b.pollPending();
        TestWaker waiting = new TestWaker();
        assertThat(limit.pollReady(cx(waiting)).isPending()).isTrue();
        assertThat(limit.waiting()).isEqualTo(1);
        assertThat(inner.releaseReadyCalls).isEqualTo(1); // inner's reservation handed back while we wait
        inner.calls.get(0).complete(Response.text("a"));
        assertThat(a.pollReady().status().code()).isEqualTo(200);
        assertThat(waiting.wakeCount()).isEqualTo(1);
        assertThat(limit.pollReady(cx(waiting)).isReady()).isTrue();
        limit.releaseReady();
        inner.calls.get(1).complete(Response.text("b"));
        b.pollReady();
        assertNoLeak();
    }

    @Test
    void call_cancelled_releasesThePermitAndCancelsTheInnerCallOnce() {
        assertThat(limit.pollReady(cx(Waker.noop())).isReady()).isTrue();
        TestTask<Response> t = TestTask.of(limit.call(Request.get("/")));
        t.pollPending();
        assertThat(limit.inFlight()).isEqualTo(1);
        t.cancel();
        assertThat(inner.last().cancels).isEqualTo(1);
        assertNoLeak();
    }

    @Test
    void call_cancelledBeforeFirstPoll_releasesThePermit() {
        assertThat(limit.pollReady(cx(Waker.noop())).isReady()).isTrue();
        Future<Response> f = limit.call(Request.get("/"));
        f.cancel();
        assertNoLeak();
    }

    @Test
    void call_innerFutureFails_releasesThePermitAndPropagates() {
        assertThat(limit.pollReady(cx(Waker.noop())).isReady()).isTrue();
        TestTask<Response> t = TestTask.of(limit.call(Request.get("/")));
        inner.last().fail(new IllegalStateException("boom"));
        assertThatThrownBy(t::poll).hasMessage("boom");
        assertNoLeak();
    }

    @Test
    void call_innerCallThrows_releasesThePermitAndPropagates() {
        inner.throwOnCall = new IllegalArgumentException("bad");
        assertThat(limit.pollReady(cx(Waker.noop())).isReady()).isTrue();
        assertThatThrownBy(() -> limit.call(Request.get("/"))).hasMessage("bad");
        assertNoLeak();
    }

    @Test
    void releaseReady_givesTheReservationBack_wakesAWaiter_andReleasesInner() {
        TestWaker w = new TestWaker();
        limit.pollReady(cx(w));
        limit.pollReady(cx(w));
        TestWaker waiting = new TestWaker();
        assertThat(limit.pollReady(cx(waiting)).isPending()).isTrue();
        int before = inner.releaseReadyCalls;
        limit.releaseReady();
        assertThat(waiting.wakeCount()).isEqualTo(1);
        assertThat(inner.releaseReadyCalls).isEqualTo(before + 1);
        limit.releaseReady();
        limit.releaseReady(); // nothing reserved any more: a no-op
        assertThat(inner.releaseReadyCalls).isEqualTo(before + 2);
        assertNoLeak();
    }

    @Test
    void call_withoutReservation_failsFast() {
        assertThatThrownBy(() -> limit.call(Request.get("/"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a reservation");
        assertNoLeak();
    }

    @Test
    void pollReady_innerNotReady_isPendingWithoutTakingAPermit() {
        inner.ready = false;
        TestWaker w = new TestWaker();
        assertThat(limit.pollReady(cx(w)).isPending()).isTrue();
        assertThat(limit.available()).isEqualTo(2);
        inner.becomeReady();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(limit.pollReady(cx(w)).isReady()).isTrue();
        limit.releaseReady();
        assertNoLeak();
    }

    @Test
    void pollReady_sameWakerTwice_isRegisteredOnce_andNoopIsNeverRegistered() {
        limit.pollReady(cx(Waker.noop()));
        limit.pollReady(cx(Waker.noop()));
        TestWaker w = new TestWaker();
        limit.pollReady(cx(w));
        limit.pollReady(cx(w));
        limit.pollReady(cx(Waker.noop()));
        assertThat(limit.waiting()).isEqualTo(1);
        limit.releaseReady();
        limit.releaseReady();
        assertNoLeak();
    }

    @Test
    void layer_maxBelowOne_failsFast() {
        assertThatThrownBy(() -> ConcurrencyLimitLayer.of(0)).hasMessage("max: 0 (expected: >= 1)");
    }

    /** Random interleavings of every operation: the permit count always returns to max. */
    @Test
    void randomOperations_neverLeakAPermit() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            Probe in = new Probe();
            ConcurrencyLimit<Request, Response> l = ConcurrencyLimitLayer.<Request, Response>of(1 + r.nextInt(3)).layer(in);
            List<TestTask<Response>> live = new ArrayList<>();
            List<Probe.Call> calls = new ArrayList<>();
            int reservations = 0;
            for (int step = 0; step < 60; step++) {
                switch (r.nextInt(6)) {
                    case 0 -> {
                        if (l.pollReady(new Context(new TestWaker())).isReady()) reservations++;
                    }
                    case 1 -> {
                        if (reservations > 0) {
                            reservations--;
                            live.add(TestTask.of(l.call(Request.get("/"))));
                            calls.add(in.last());
                        }
                    }
                    case 2 -> {
                        if (reservations > 0) {
                            reservations--;
                            l.releaseReady();
                        }
                    }
                    case 3 -> {
                        if (!live.isEmpty()) {
                            int i = r.nextInt(live.size());
                            live.remove(i).cancel();
                            calls.remove(i);
                        }
                    }
                    case 4 -> {
                        if (!live.isEmpty()) {
                            int i = r.nextInt(live.size());
                            calls.remove(i).complete(Response.text("ok"));
                            live.remove(i).poll();
                        }
                    }
                    default -> {
                        if (!live.isEmpty()) {
                            int i = r.nextInt(live.size());
                            calls.remove(i).fail(new IllegalStateException("x"));
                            TestTask<Response> t = live.remove(i);
                            assertThatThrownBy(t::poll).isInstanceOf(IllegalStateException.class);
                        }
                    }
                }
                assertThat(l.available() + l.reserved() + l.inFlight()).isEqualTo(l.max());
                assertThat(l.inFlight()).isEqualTo(live.size());
            }
            for (TestTask<Response> t : live) t.cancel();
            for (int i = 0; i < reservations; i++) l.releaseReady();
            assertThat(l.available()).as("round %d", round).isEqualTo(l.max());
        }
    }

    /** Many tasks on a multi-thread runtime through a limit of 3: never more than 3 inside, none left over. */
    @Test
    void underLoad_onMultiThreadRuntime_neverExceedsTheLimit_andEndsWithAllPermits() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Service<Request, Response> slow = req -> {
            int now = inside.incrementAndGet();
            maxInside.accumulateAndGet(now, Math::max);
            return Tasks.yieldNow().map(v -> {
                inside.decrementAndGet();
                return Response.text("ok");
            });
        };
        ConcurrencyLimit<Request, Response> l = ConcurrencyLimitLayer.<Request, Response>of(3).layer(slow);
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            List<Future<Response>> all = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                all.add(rt.spawn(l.ready().then(v -> l.call(Request.get("/")))));
            }
            List<Response> done = rt.blockOn(Time.timeout(Duration.ofSeconds(60), Futures.joinAll(all)));
            assertThat(done).hasSize(2_000);
        }
        assertThat(maxInside.get()).isBetween(1, 3);
        assertThat(l.available()).isEqualTo(3);
    }
}

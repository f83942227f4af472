package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.layer.ConcurrencyLimitLayer.ConcurrencyLimit;
import dev.weft.http.layer.LoadShedLayer.LoadShed;
import dev.weft.test.TestTask;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadShedLayerTest {

    @Test
    void call_innerReady_passesThrough() {
        Probe inner = new Probe();
        LoadShed shed = LoadShedLayer.create().layer(inner);
        assertThat(shed.pollReady(new Context(Waker.noop())).isReady()).isTrue();
        TestTask<Response> t = TestTask.of(shed.call(Request.get("/")));
        t.pollPending();
        inner.last().complete(Response.text("ok"));
        assertThat(t.pollReady().status()).isEqualTo(Status.OK);
        assertThat(shed.shedCount()).isZero();
    }

    @Test
    void call_innerNotReady_answers503AtOnceWithRetryAfter_withoutCallingIt() {
        Probe inner = new Probe();
        inner.ready = false;
        LoadShed shed = LoadShedLayer.create().retryAfter(Duration.ofMillis(1500)).layer(inner);
        Response res = TestTask.of(shed.call(Request.get("/"))).pollReady();
        assertThat(res.status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(res.headers().get("Retry-After")).contains("2");
        assertThat(inner.calls).isEmpty();
        assertThat(shed.shedCount()).isEqualTo(1);
        assertThat(inner.readyWaiter).isSameAs(Waker.noop()); // probed with a no-op waker: it never waits
    }

    @Test
    void overConcurrencyLimit_shedsTheExcess_andRegistersNoWaiter() {
        Probe inner = new Probe();
        ConcurrencyLimit<Request, Response> limit = ConcurrencyLimitLayer.<Request, Response>of(1).layer(inner);
        LoadShed shed = LoadShedLayer.create().layer(limit);
        TestTask<Response> first = TestTask.of(shed.call(Request.get("/1")));
        first.pollPending();
        Response second = TestTask.of(shed.call(Request.get("/2"))).pollReady();
        assertThat(second.status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(second.headers().contains("Retry-After")).isFalse();
        assertThat(limit.waiting()).isZero();
        inner.last().complete(Response.text("one"));
        assertThat(first.pollReady().status()).isEqualTo(Status.OK);
        TestTask<Response> third = TestTask.of(shed.call(Request.get("/3")));
        third.pollPending();
        assertThat(inner.calls).hasSize(2);
        third.cancel();
        assertThat(limit.available()).isEqualTo(1);
    }

    @Test
    void call_cancelledBeforeFirstPoll_reservesNothing() {
        Probe inner = new Probe();
        ConcurrencyLimit<Request, Response> limit = ConcurrencyLimitLayer.<Request, Response>of(1).layer(inner);
        LoadShed shed = LoadShedLayer.create().layer(limit);
        shed.call(Request.get("/")).cancel();
        assertThat(limit.available()).isEqualTo(1);
        assertThat(inner.calls).isEmpty();
    }
}

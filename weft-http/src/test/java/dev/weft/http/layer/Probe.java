package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * An inner service driven by hand: its readiness is a switch, each call returns a {@link Call} the test completes,
 * fails or observes being cancelled; counts readiness polls and releases.
 */
final class Probe implements Service<Request, Response> {
    boolean ready = true;
    Waker readyWaiter;
    int readyPolls;
    int releaseReadyCalls;
    RuntimeException throwOnCall;
    final List<Call> calls = new ArrayList<>();

    @Override
    public Poll<Void> pollReady(Context cx) {
        readyPolls++;
        if (ready) return Poll.ready(null);
        readyWaiter = cx.waker();
        return Poll.pending();
    }

    @Override
    public void releaseReady() {
        releaseReadyCalls++;
    }

    @Override
    public Future<Response> call(Request request) {
        if (throwOnCall != null) throw throwOnCall;
        Call c = new Call(request);
        calls.add(c);
        return c;
    }

    Call last() {
        return calls.getLast();
    }

    void becomeReady() {
        ready = true;
        Waker w = readyWaiter;
        readyWaiter = null;
        if (w != null) w.wake();
    }

    /** One call's future. */
    static final class Call implements Future<Response> {
        final Request request;
        private Response result;
        private Throwable failure;
        private Waker waker;
        int cancels;
        int polls;

        Call(Request request) {
            this.request = request;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            polls++;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (result != null) return Poll.ready(result);
            waker = cx.waker();
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels++;
        }

        void complete(Response r) {
            result = r;
            if (waker != null) waker.wake();
        }

        void fail(Throwable t) {
            failure = t;
            if (waker != null) waker.wake();
        }
    }
}

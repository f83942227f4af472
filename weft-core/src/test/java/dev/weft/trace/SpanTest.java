package dev.weft.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.CancelledException;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.task.TaskLocalMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The span API on one thread: identity, parents, attributes, ending, scopes, listeners, misuse. */
@Timeout(30)
class SpanTest {
    final RecordingListener rec = new RecordingListener();
    final Tracer tracer = Tracer.create(rec);

    @Test
    void startSpan_withNoCurrentSpan_isARootWithW3cIds() {
        Span s = tracer.startSpan("root");
        assertThat(s.parent()).isEmpty();
        assertThat(s.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(s.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
        assertThat(s.traceId()).isSameAs(s.traceId()); // cached
        assertThat(s.isEnded()).isFalse();
        assertThat(s.status()).isEqualTo(SpanStatus.UNSET);
        assertThat(s.endEpochNanos()).isEmpty();
        assertThat(s.duration()).isEmpty();
        assertThat(s.tracer()).isSameAs(tracer);
        assertThat(tracer.startSpan("other root").traceId()).isNotEqualTo(s.traceId());
    }

    @Test
    void startSpan_insideAnEnteredSpan_isItsChildInTheSameTrace() {
        Span parent = tracer.startSpan("parent");
        Span child;
        try (Span.Scope ignored = parent.enter()) {
            child = tracer.startSpan("child");
        }
        assertThat(child.parent()).contains(parent);
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).isNotEqualTo(parent.spanId());
        assertThat(rec.parentStates).contains("child<-state:parent");
    }

    @Test
    void spanBuilder_rootAndExplicitParent_overrideTheCurrentSpan() {
        Span current = tracer.startSpan("current");
        Span elsewhere = tracer.startSpan("elsewhere");
        try (Span.Scope ignored = current.enter()) {
            Span root = tracer.spanBuilder("fresh").root().start();
            Span adopted = tracer.spanBuilder("adopted").parent(elsewhere).start();
            assertThat(root.parent()).isEmpty();
            assertThat(root.traceId()).isNotEqualTo(current.traceId());
            assertThat(adopted.parent()).contains(elsewhere);
            assertThat(adopted.traceId()).isEqualTo(elsewhere.traceId());
        }
    }

    @Test
    void attributes_keepOrderAndLastValue_andAreIgnoredAfterTheEnd() {
        Span s = tracer.spanBuilder("attrs").attribute("a", "x").attribute("n", 1L).start();
        assertThat(rec.started.get(0).attributes()).containsEntry("a", "x"); // the listener saw them at start
        s.setAttribute("d", 0.5).setAttribute("b", true).setAttribute("a", "y");
        assertThat(s.attributes()).containsExactly(Map.entry("a", "y"), Map.entry("n", 1L), Map.entry("d", 0.5),
                Map.entry("b", true));
        s.end();
        s.setAttribute("late", "dropped");
        assertThat(s.attributes()).doesNotContainKey("late");
        assertThatThrownBy(() -> s.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void end_isOnce_theFirstStatusWins_andTheListenerHearsOnce() {
        Span s = tracer.startSpan("once");
        s.end();
        s.end(new IllegalStateException("late"));
        s.endCancelled();
        assertThat(s.status()).isEqualTo(SpanStatus.OK);
        assertThat(s.failure()).isEmpty();
        assertThat(s.endEpochNanos().getAsLong()).isGreaterThanOrEqualTo(s.startEpochNanos());
        assertThat(s.duration()).hasValueSatisfying(d -> assertThat(d.isNegative()).isFalse());
        assertThat(rec.ended).containsExactly(s);
    }

    @Test
    void endWithFailure_cancellationIsCancelled_otherFailuresAreErrors() {
        Span cancelled = tracer.startSpan("c");
        cancelled.end(new CancelledException("select lost"));
        Span failed = tracer.startSpan("f");
        IllegalStateException boom = new IllegalStateException("boom");
        failed.end(boom);
        Span dropped = tracer.startSpan("d");
        dropped.endCancelled();
        assertThat(cancelled.status()).isEqualTo(SpanStatus.CANCELLED);
        assertThat(failed.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(failed.failure()).containsSame(boom);
        assertThat(dropped.status()).isEqualTo(SpanStatus.CANCELLED);
        assertThat(dropped.failure()).isEmpty();
    }

    @Test
    void enter_nested_restoresTheOuterSpan_andClosingTwiceDoesNothing() {
        Span outer = tracer.startSpan("outer");
        Span inner = tracer.startSpan("inner");
        try (Span.Scope o = outer.enter()) {
            Span.Scope i = inner.enter();
            assertThat(Span.current()).contains(inner);
            i.close();
            i.close();
            assertThat(Span.current()).contains(outer);
        }
        assertThat(Span.current()).isEmpty();
        assertThat(rec.problems).isEmpty();
        assertThat(rec.open).hasValue(0);
    }

    @Test
    void scopeClose_onAnotherThread_failsNamingTheSpanAndThreads() throws Exception {
        Span s = tracer.startSpan("pinned");
        Span.Scope scope = s.enter();
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("other-thread").start(() -> {
                try {
                    scope.close();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.join();
            assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'pinned'").hasMessageContaining("other-thread")
                    .hasMessageContaining("try-with-resources");
            assertThat(Span.current()).contains(s); // still entered here
        } finally {
            scope.close();
        }
        assertThat(Span.current()).isEmpty();
    }

    @Test
    void scopeClose_outOfOrder_failsAndRestoresTheBindingsBeforeIt() {
        Span outer = tracer.startSpan("outer");
        Span inner = tracer.startSpan("inner");
        Span.Scope o = outer.enter();
        Span.Scope i = inner.enter();
        assertThatThrownBy(o::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'outer' closed out of order");
        assertThat(Span.current()).isEmpty(); // the bindings from before the outer scope
        assertThatThrownBy(i::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'inner' closed out of order");
        TaskLocalMap.install(null); // the second misuse restored outer's bindings: clean this test thread
        assertThat(Span.current()).isEmpty();
    }

    @Test
    void call_returnsTheValue_orEndsWithTheFailureAndRethrowsIt() throws Exception {
        int value = tracer.call("ok", span -> {
            assertThat(Span.current()).contains(span);
            return 42;
        });
        assertThat(value).isEqualTo(42);
        assertThat(rec.ended("ok").status()).isEqualTo(SpanStatus.OK);

        Exception checked = new java.io.IOException("disk");
        assertThatThrownBy(() -> tracer.run("io", span -> {
            throw checked;
        })).isSameAs(checked);
        assertThat(rec.ended("io").status()).isEqualTo(SpanStatus.ERROR);
        assertThat(rec.ended("io").failure()).containsSame(checked);
        assertThat(Span.current()).isEmpty();
    }

    @Test
    void instrument_byHand_entersOnEachPoll_andLeavesNothingCurrentBetweenPolls() {
        Span s = tracer.startSpan("by-hand");
        AtomicInteger polls = new AtomicInteger();
        Future<String> f = s.instrument(c -> {
            assertThat(Span.current()).contains(s);
            return polls.incrementAndGet() < 3 ? Poll.pending() : Poll.ready("done");
        });
        Context cx = new Context(Waker.noop());
        assertThat(f.poll(cx).isPending()).isTrue();
        assertThat(Span.current()).isEmpty();
        assertThat(f.poll(cx).isPending()).isTrue();
        assertThat(f.poll(cx).value()).isEqualTo("done");
        assertThat(rec.enters).hasSize(3);
        assertThat(s.isEnded()).as("instrument does not end the span").isFalse();
    }

    @Test
    void instrument_cancel_cancelsTheInnerFutureWithTheSpanCurrent() {
        Span s = tracer.startSpan("cancelling");
        AtomicReference<Span> seenAtCancel = new AtomicReference<>();
        Future<Void> inner = new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                seenAtCancel.set(Span.current().orElse(null));
            }
        };
        Future<Void> f = s.instrument(inner);
        f.poll(new Context(Waker.noop()));
        f.cancel();
        assertThat(seenAtCancel.get()).isSameAs(s);
        assertThat(Span.current()).isEmpty();
    }

    @Test
    void traced_capturesTheCurrentSpan_orNone() {
        Span s = tracer.startSpan("sender");
        Traced<String> with;
        try (Span.Scope ignored = s.enter()) {
            with = Traced.of("m");
        }
        Traced<String> without = Traced.of("m");
        assertThat(with.span()).contains(s);
        assertThat(with.value()).isEqualTo("m");
        assertThat(without.span()).isEmpty();
        Future<Integer> plain = Futures.ready(1);
        assertThat(without.instrument(plain)).isSameAs(plain);
        try (Span.Scope ignored = without.enter()) {
            assertThat(Span.current()).isEmpty();
        }
        try (Span.Scope ignored = with.enter()) {
            assertThat(Span.current()).contains(s);
        }
        assertThat(Traced.of("m", s)).isEqualTo(with).hasSameHashCodeAs(with);
        assertThat(with.toString()).contains("m").contains("sender");
    }

    @Test
    void listenerThatThrows_isLoggedAndIgnored_theWorkAndTheCurrentSpanAreIntact() throws Exception {
        SpanListener<Void> broken = new SpanListener<>() {
            @Override
            public Void onStart(Span span, Void parentState) {
                throw new IllegalStateException("onStart");
            }

            @Override
            public Object onEnter(Span span, Void state) {
                throw new IllegalStateException("onEnter");
            }

            @Override
            public void onExit(Span span, Void state, Object token) {
                throw new IllegalStateException("onExit");
            }

            @Override
            public void onEnd(Span span, Void state) {
                throw new IllegalStateException("onEnd");
            }
        };
        Tracer t = Tracer.create(broken);
        String name = t.call("survives", span -> Span.current().orElseThrow().name());
        assertThat(name).isEqualTo("survives");
        assertThat(Span.current()).isEmpty();
    }

    @Test
    void composite_passesEachListenerItsOwnState() {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        List<String> order = new CopyOnWriteArrayList<>();
        SpanListener<Void> c = new SpanListener<>() {
            @Override
            public Void onStart(Span span, Void parentState) {
                order.add("start");
                throw new IllegalStateException("one broken listener spoils no other");
            }

            @Override
            public void onEnd(Span span, Void state) {
                order.add("end");
            }
        };
        Tracer t = Tracer.create(SpanListener.composite(a, c, b));
        t.run("outer", outer -> t.run("inner", inner -> {}));
        for (RecordingListener r : List.of(a, b)) {
            assertThat(r.ended).extracting(Span::name).containsExactly("inner", "outer");
            assertThat(r.parentStates).containsExactly("outer<-null", "inner<-state:outer");
            assertThat(r.problems).isEmpty();
            assertThat(r.open).hasValue(0);
        }
        assertThat(order).containsExactly("start", "start", "end", "end");
    }

    @Test
    void misuse_failsFastNamingParameterValueAndExpectation() {
        assertThatThrownBy(() -> tracer.startSpan(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: \" \" (expected: a non-blank span name)");
        assertThatThrownBy(() -> tracer.startSpan(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> tracer.inSpan("", Futures.ready(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracer.inSpan("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("future");
        Span s = tracer.startSpan("s");
        assertThatThrownBy(() -> s.setAttribute("", 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key: \"\" (expected: a non-blank attribute name)");
        assertThatThrownBy(() -> s.setAttribute("k", (String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> s.end(null)).isInstanceOf(NullPointerException.class).hasMessage("failure");
        SpanBuilder b = tracer.spanBuilder("twice");
        b.start();
        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started a span");
        assertThatThrownBy(() -> Tracer.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener");
        assertThatThrownBy(SpanListener::composite).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listeners: 0 (expected: at least one listener)");
        assertThatThrownBy(() -> SpanListener.composite(rec, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listeners[1]");
        assertThatThrownBy(() -> Traced.of(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    }
}

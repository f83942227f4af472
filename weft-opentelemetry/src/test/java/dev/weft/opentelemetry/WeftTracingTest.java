package dev.weft.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.trace.Span;
import dev.weft.trace.SpanListener;
import dev.weft.trace.Traced;
import dev.weft.trace.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Weft spans exported through the OpenTelemetry API to the SDK's in-memory exporter, with the ids in SLF4J's MDC
 * (Logback's here) while a task is polled.
 */
@Timeout(60)
class WeftTracingTest {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    final Tracer tracer = WeftTracing.tracer(otel);

    @AfterEach
    void closeSdk() {
        provider.close();
    }

    static WeftRuntime runtime(boolean multi) {
        return multi ? WeftRuntime.multiThread().workerThreads(1).name("otel-multi").build()
                : WeftRuntime.currentThread().name("otel-current").build();
    }

    SpanData exported(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no exported span '" + name + "' in "
                        + exporter.getFinishedSpanItems()));
    }

    /** The MDC's ids right now, as "trace/span" (or "none"). */
    static String mdcIds() {
        String t = MDC.get(WeftTracing.MDC_TRACE_ID);
        return t == null ? "none" : t + "/" + MDC.get(WeftTracing.MDC_SPAN_ID);
    }

    record Query(String sql, Oneshot.Sender<String> reply) {}

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneRequest_acrossThreeTasksAndAChannelHop_isExportedAsOneTrace_withTheIdsInTheMdc(boolean multi) {
        Map<String, String> mdcSeen = new ConcurrentHashMap<>();
        try (WeftRuntime rt = runtime(multi)) {
            Mpsc.Channel<Traced<Query>> queries = Mpsc.bounded(8);
            JoinHandle<Void> db = rt.spawn(Async.run(() -> { // task C, outside any span
                mdcSeen.put("db-worker idle", mdcIds());
                Optional<Traced<Query>> m;
                while ((m = queries.receiver().recv().await()).isPresent()) {
                    Traced<Query> q = m.get();
                    String rows = q.instrument(tracer.inSpan("db.query", Futures.lazy(() -> {
                        mdcSeen.put("db.query", mdcIds()); // a poll-based future polled on the block's thread
                        return "rows";
                    }))).await();
                    q.value().reply().send(rows);
                }
            }));
            String response = rt.blockOn(rt.spawn(tracer.inSpan("request", Async.async(() -> { // task A
                mdcSeen.put("request", mdcIds()); // the async block's virtual thread
                Future<String> auth = Futures.lazy(() -> { // task B, poll-based, polled by a worker
                    mdcSeen.put("auth", mdcIds());
                    return Oneshot.<String>channel();
                }).then(reply -> queries.sender().send(Traced.of(new Query("select", reply.sender())))
                        .then(sent -> reply.receiver()));
                return Tasks.spawn(tracer.inSpan("auth", auth)).await();
            }))));
            assertThat(response).isEqualTo("rows");
            queries.sender().close();
            rt.blockOn(db);
            // the worker's MDC holds nothing after the traced polls
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(WeftTracingTest::mdcIds)))).isEqualTo("none");
        }
        SpanData request = exported("request");
        SpanData auth = exported("auth");
        SpanData query = exported("db.query");
        assertThat(exporter.getFinishedSpanItems()).hasSize(3);
        assertThat(List.of(auth.getTraceId(), query.getTraceId())).containsOnly(request.getTraceId());
        assertThat(request.getParentSpanContext().isValid()).isFalse();
        assertThat(auth.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(query.getParentSpanId()).isEqualTo(auth.getSpanId());
        assertThat(List.of(request, auth, query)).allMatch(s -> s.getStatus().getStatusCode() == StatusCode.UNSET);
        for (SpanData s : List.of(request, auth, query)) {
            assertThat(mdcSeen.get(s.getName())).isEqualTo(s.getTraceId() + "/" + s.getSpanId());
        }
        assertThat(mdcSeen.get("db-worker idle")).isEqualTo("none");
        assertThat(MDC.get(WeftTracing.MDC_TRACE_ID)).isNull();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void abort_midSpan_exportsTheSpanCancelled_andLeavesNothingInTheWorkersMdcOrContext(boolean multi)
            throws Exception {
        try (WeftRuntime rt = runtime(multi)) {
            CountDownLatch polled = new CountDownLatch(1);
            Future<Void> stuck = cx -> {
                polled.countDown();
                return Poll.pending();
            };
            JoinHandle<Void> h = rt.spawn(tracer.inSpan("doomed", stuck));
            rt.blockOn(Async.run(polled::await));
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class);
            String after = rt.blockOn(rt.spawn(Futures.lazy(() -> mdcIds() + " "
                    + io.opentelemetry.api.trace.Span.current().getSpanContext().isValid())));
            assertThat(after).isEqualTo("none false");
        }
        SpanData doomed = exported("doomed");
        assertThat(doomed.hasEnded()).isTrue();
        assertThat(doomed.getAttributes().get(AttributeKey.booleanKey(WeftTracing.CANCELLED_ATTRIBUTE))).isTrue();
        assertThat(doomed.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void failure_isExportedAsAnErrorWithTheExceptionEvent_andAttributesSetOnTheWay() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (WeftRuntime rt = runtime(true)) {
            JoinHandle<Void> h = rt.spawn(tracer.inSpan("failing", cx -> {
                Span.current().orElseThrow().setAttribute("step", 2L).setAttribute("kind", "poll");
                throw boom;
            }));
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class).hasCause(boom);
        }
        SpanData failing = exported("failing");
        assertThat(failing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failing.getStatus().getDescription()).contains("boom");
        assertThat(failing.getEvents()).anyMatch(e -> e.getName().equals("exception"));
        assertThat(failing.getAttributes().get(AttributeKey.longKey("step"))).isEqualTo(2L);
        assertThat(failing.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo("poll");
    }

    @Test
    void weftRoot_underACurrentOpenTelemetrySpan_continuesItsTrace_butAnExplicitRootStartsANewOne() {
        io.opentelemetry.api.trace.Span incoming = otel.getTracer("test").spanBuilder("incoming").startSpan();
        try (Scope ignored = incoming.makeCurrent()) {
            tracer.run("weft-root", span -> tracer.spanBuilder("detached").root().start().end());
        } finally {
            incoming.end();
        }
        SpanData weftRoot = exported("weft-root");
        SpanData detached = exported("detached");
        assertThat(weftRoot.getTraceId()).isEqualTo(incoming.getSpanContext().getTraceId());
        assertThat(weftRoot.getParentSpanId()).isEqualTo(incoming.getSpanContext().getSpanId());
        assertThat(detached.getParentSpanContext().isValid()).isFalse();
        assertThat(detached.getTraceId()).isNotEqualTo(weftRoot.getTraceId());
    }

    @Test
    void enter_makesTheExportedSpanCurrentInOpenTelemetry_andRestoresTheMdcItFound() {
        MDC.put(WeftTracing.MDC_TRACE_ID, "from-the-caller");
        try {
            String[] inside = tracer.call("outer", outer -> {
                String outerIds = mdcIds();
                String innerIds = tracer.call("inner", inner -> mdcIds());
                String otelCurrent = io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
                return new String[] {outerIds, innerIds, mdcIds(), otelCurrent};
            });
            SpanData outer = exported("outer");
            SpanData inner = exported("inner");
            assertThat(inside[0]).isEqualTo(outer.getTraceId() + "/" + outer.getSpanId());
            assertThat(inside[1]).isEqualTo(inner.getTraceId() + "/" + inner.getSpanId());
            assertThat(inside[2]).as("outer's ids back after inner").isEqualTo(inside[0]);
            assertThat(inside[3]).isEqualTo(outer.getSpanId());
            assertThat(MDC.get(WeftTracing.MDC_TRACE_ID)).isEqualTo("from-the-caller");
            assertThat(MDC.get(WeftTracing.MDC_SPAN_ID)).isNull();
        } finally {
            MDC.clear();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void logLine_writtenWhileATaskIsPolledInASpan_carriesItsIds_andNoneAfter(boolean multi) {
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("weft.otel.test." + multi);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try (WeftRuntime rt = runtime(multi)) {
            rt.blockOn(rt.spawn(tracer.inSpan("logged", Futures.lazy(() -> {
                log.info("inside the span");
                return null;
            }))));
            rt.blockOn(rt.spawn(Futures.lazy(() -> {
                log.info("outside any span");
                return null;
            })));
        } finally {
            log.detachAppender(appender);
        }
        SpanData logged = exported("logged");
        assertThat(appender.list).hasSize(2);
        Map<String, String> inside = appender.list.get(0).getMDCPropertyMap();
        assertThat(inside).containsEntry(WeftTracing.MDC_TRACE_ID, logged.getTraceId())
                .containsEntry(WeftTracing.MDC_SPAN_ID, logged.getSpanId())
                .containsEntry(WeftTracing.MDC_TRACE_FLAGS, logged.getSpanContext().getTraceFlags().asHex());
        assertThat(logged.getSpanContext().getTraceFlags().isSampled()).isTrue();
        assertThat(appender.list.get(1).getMDCPropertyMap()).doesNotContainKey(WeftTracing.MDC_TRACE_ID);
    }

    @Test
    void listenerWithoutMdc_exportsButLeavesTheMdcAlone() {
        Tracer quiet = Tracer.create(WeftTracing.listener(otel.getTracer("quiet"), false));
        String ids = quiet.call("no-mdc", span -> mdcIds());
        assertThat(ids).isEqualTo("none");
        assertThat(exported("no-mdc").getInstrumentationScopeInfo().getName()).isEqualTo("quiet");
    }

    @Test
    void twoTracersOverOneOpenTelemetry_shareParents() {
        Tracer other = WeftTracing.tracer(otel);
        tracer.run("first", span -> other.run("second", s -> {}));
        assertThat(exported("second").getParentSpanId()).isEqualTo(exported("first").getSpanId());
    }

    @Test
    void compositeWithAnotherListener_stillExports() {
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        SpanListener<Void> names2 = new SpanListener<>() {
            @Override
            public Void onStart(Span span, Void parentState) {
                names.add(span.name());
                return null;
            }
        };
        Tracer both = Tracer.create(SpanListener.composite(WeftTracing.listener(otel), names2));
        both.run("a", s -> both.run("b", t -> {}));
        assertThat(names).containsExactly("a", "b");
        assertThat(exported("b").getParentSpanId()).isEqualTo(exported("a").getSpanId());
    }

    @Test
    void misuse_nullArguments_failFastNamingThem() {
        assertThatThrownBy(() -> WeftTracing.tracer(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("openTelemetry");
        assertThatThrownBy(() -> WeftTracing.listener(null, true)).isInstanceOf(NullPointerException.class)
                .hasMessage("tracer");
    }
}

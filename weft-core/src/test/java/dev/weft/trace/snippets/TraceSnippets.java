package dev.weft.trace.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.trace.Span;
import dev.weft.trace.SpanListener;
import dev.weft.trace.SpanStatus;
import dev.weft.trace.Traced;
import dev.weft.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.trace's javadoc pulls in; each runs as a test. */
class TraceSnippets {

    /** Keeps every ended span, for the assertions. */
    static final class Recorder implements SpanListener<Void> {
        final List<Span> ended = new CopyOnWriteArrayList<>();

        @Override
        public Void onStart(Span span, Void parentState) {
            return null;
        }

        @Override
        public void onEnd(Span span, Void state) {
            ended.add(span);
        }

        Span named(String name) {
            return ended.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
    }

    @Test
    void request() {
        Recorder recorder = new Recorder();
        // @start region=request
        Tracer tracer = Tracer.create(recorder); // or Tracer.systemLogger(), or weft-opentelemetry's tracer
        String response = WeftRuntime.run(() -> tracer.call("GET /users/{id}", request -> {
            request.setAttribute("user.id", 7L);
            // a task spawned in the request's span: its span is a child, in the same trace
            JoinHandle<String> user = Tasks.spawn(tracer.inSpan("db.load-user", Futures.lazy(() -> "alice")));
            return "hello " + user.await();
        }));
        // @end
        assertThat(response).isEqualTo("hello alice");
        Span request = recorder.named("GET /users/{id}");
        Span load = recorder.named("db.load-user");
        assertThat(load.parent()).contains(request);
        assertThat(load.traceId()).isEqualTo(request.traceId());
        assertThat(request.attributes()).isEqualTo(Map.of("user.id", 7L));
        assertThat(List.of(request.status(), load.status())).containsOnly(SpanStatus.OK);
    }

    @Test
    void enter() {
        Recorder recorder = new Recorder();
        Tracer tracer = Tracer.create(recorder);
        // @start region=enter
        Span span = tracer.startSpan("batch");
        try (Span.Scope ignored = span.enter()) {
            assertThat(Span.current()).contains(span); // and spans started here are its children
        } finally {
            span.end();
        }
        assertThat(Span.current()).isEmpty();
        // @end
        assertThat(recorder.ended).containsExactly(span);
    }

    @Test
    void builder() {
        Tracer tracer = Tracer.create(new Recorder());
        // @start region=builder
        Span root = tracer.spanBuilder("nightly-import").root().attribute("files", 12L).start();
        Span child = tracer.spanBuilder("parse").parent(root).attribute("file", "a.csv").start();
        child.end();
        root.end();
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.parent()).contains(root);
        // @end
    }

    @Test
    void listener() {
        // @start region=listener
        AtomicLong slow = new AtomicLong();
        SpanListener<Void> slowSpans = new SpanListener<>() {
            @Override
            public Void onStart(Span span, Void parentState) {
                return null; // no state of our own
            }

            @Override
            public void onEnd(Span span, Void state) {
                if (span.duration().orElseThrow().toSeconds() >= 1) slow.incrementAndGet();
            }
        };
        Tracer tracer = Tracer.create(slowSpans);
        // @end
        tracer.startSpan("quick").end();
        assertThat(slow).hasValue(0);
    }

    @Test
    void systemLogger() {
        // @start region=systemLogger
        // logs "span ended: name=startup trace=... span=... parent=- status=OK duration=...us" at DEBUG
        Tracer tracer = Tracer.systemLogger();
        tracer.run("startup", span -> span.setAttribute("config", "default"));
        // @end
    }

    @Test
    void call() {
        Recorder recorder = new Recorder();
        Tracer tracer = Tracer.create(recorder);
        // @start region=call
        int rows = WeftRuntime.run(() -> Tasks.spawnAsync(() -> tracer.call("import", span -> {
            int n = Async.async(() -> 3).await(); // the span stays current across the await
            span.setAttribute("rows", n);
            return n;
        })).await());
        // @end
        assertThat(rows).isEqualTo(3);
        assertThat(recorder.named("import").attributes()).containsEntry("rows", 3L);
    }

    @Test
    void channel() {
        Recorder recorder = new Recorder();
        Tracer tracer = Tracer.create(recorder);
        // @start region=channel
        Mpsc.Channel<Traced<String>> jobs = Mpsc.bounded(16);
        WeftRuntime.run(() -> {
            JoinHandle<Void> worker = Tasks.spawnAsync(() -> { // started outside any span
                Optional<Traced<String>> job;
                while ((job = jobs.receiver().recv().await()).isPresent()) {
                    Traced<String> j = job.get();
                    try (Span.Scope ignored = j.enter()) { // continue the sender's trace
                        tracer.run("handle " + j.value(), span -> {});
                    }
                }
                return null;
            });
            tracer.call("request", span -> jobs.sender().send(Traced.of("job-1")).await()); // carries "request"
            jobs.sender().close();
            return worker.await();
        });
        // @end
        assertThat(recorder.named("handle job-1").parent()).contains(recorder.named("request"));
    }
}

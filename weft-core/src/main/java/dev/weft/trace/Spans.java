package dev.weft.trace;

import dev.weft.future.Future;
import dev.weft.internal.task.SpanHook;
import dev.weft.internal.task.TaskLocalMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the current span lives (a task-local binding under {@link #KEY}) and the engine hook that hands it to
 * spawned tasks and async-block threads.
 */
final class Spans {
    /** The task-local key of the current span; bound only to non-null spans. */
    static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "current span";
        }
    };

    private Spans() {}

    /** The current span of this thread, or null. */
    static @Nullable Span current() {
        return (Span) TaskLocalMap.lookup(TaskLocalMap.current(), KEY);
    }

    /** The engine's hook (installed by Tracer's initialiser, so only once a tracer exists). */
    static final class Hook extends SpanHook {
        @Override
        public <T> Future<T> onSpawn(Future<T> future) {
            Span s = current();
            return s == null ? future : Instrumented.of(s, future);
        }

        @Override
        public TaskLocalMap spawnLocals() {
            Span s = current();
            return s == null ? null : s.bindOn(null); // the span alone: spawned tasks inherit no task-local
        }

        @Override
        public Object enterThread(TaskLocalMap locals) {
            Span s = (Span) TaskLocalMap.lookup(locals, KEY);
            if (s == null) return null;
            return new Entered(s, s.tracer().enter(s)); // Tracer.enter never throws
        }

        @Override
        public void exitThread(Object token) {
            if (token instanceof Entered e) e.span.tracer().exit(e.span, e.token);
        }

        private record Entered(Span span, Object token) {}
    }
}

package dev.weft.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskLocalTest {
    static final TaskLocal<String> USER = TaskLocal.newInstance("USER");
    static final TaskLocal<Integer> DEPTH = TaskLocal.newInstance("DEPTH");

    @Test
    void get_outsideAnyScope_throwsNamingTheFix() {
        assertThatThrownBy(USER::get).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'USER' is not set here").hasMessageContaining("USER.scope(value, future)");
        assertThat(USER.tryGet()).isEmpty();
        assertThat(USER.toString()).isEqualTo("TaskLocal[USER]");
    }

    @Test
    void scope_isVisibleInThePolledFuture_andInAnAsyncBlockStartedThere_notOutside() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            JoinHandle<String> h = rt.spawn(USER.scope("alice", Futures.lazy(USER::get)
                    .then(direct -> Async.async(() -> direct + "/" + USER.get()))));
            assertThat(h.await()).isEqualTo("alice/alice");
            JoinHandle<Optional<String>> outside = rt.spawn(cx -> Poll.ready(USER.tryGet()));
            assertThat(outside.await()).isEmpty();
            assertThat(USER.tryGet()).isEmpty();
        }
    }

    @Test
    void scope_spawnedTasksDoNotInherit() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            JoinHandle<Optional<String>> h = rt.spawn(USER.scope("bob",
                    Futures.lazy(() -> Tasks.spawn(Futures.lazy(USER::tryGet))).then(child -> child)));
            assertThat(h.await()).isEmpty();
        }
    }

    @Test
    void nestedScopes_innerShadowsOuter_andOuterIsRestored() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            String r = rt.blockOn(USER.scope("outer", DEPTH.scope(1, Futures.lazy(() -> USER.get() + DEPTH.get())
                    .then(a -> USER.scope("inner", Futures.lazy(() -> a + "," + USER.get() + DEPTH.get())))
                    .then(b -> Futures.lazy(() -> b + "," + USER.get() + DEPTH.get())))));
            assertThat(r).isEqualTo("outer1,inner1,outer1");
            assertThat(USER.tryGet()).isEmpty();
        }
    }

    @Test
    void scope_bindsTheValueDuringCancel() {
        AtomicInteger seen = new AtomicInteger();
        dev.weft.future.Future<Void> f = DEPTH.scope(5, new dev.weft.future.Future<Void>() {
            @Override
            public Poll<Void> poll(dev.weft.future.Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                seen.set(DEPTH.get());
            }
        });
        f.cancel();
        assertThat(seen).hasValue(5);
        assertThat(DEPTH.tryGet()).isEmpty();
    }

    @Test
    void scope_inAsyncBlock_awaitedInsideAnotherAsyncBlock() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).build()) {
            String r = rt.blockOn(Async.async(() -> USER.scope("carol", Async.async(USER::get)).await()
                    + USER.tryGet().orElse("-")));
            assertThat(r).isEqualTo("carol-");
        }
    }
}

package dev.weft.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.CancelledException;
import dev.weft.future.Futures;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskLocal;
import dev.weft.time.Time;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The runtime reaches virtual threads created inside async blocks (ThreadContext I3, ADR 0011), and only those.
 * StructuredTaskScope is a preview API on JDK 25 and the build targets 21 without preview, so the library never
 * names it; its test here calls the JDK 25 API ({@code open}, {@code fork}, {@code join}, {@code Subtask.get})
 * reflectively, which needs no {@code --enable-preview}, and is skipped on JDKs without {@code open()} (21-24).
 */
class AsyncChildThreadsTest {

    @Test
    void virtualThreadInAsyncBlock_awaitsTimer_seesRuntime() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("parent").build()) {
            String r = rt.blockOn(Async.async(() -> {
                AtomicReference<String> out = new AtomicReference<>();
                Thread t = Thread.ofVirtual().start(() -> {
                    Time.sleep(Duration.ofMillis(1)).await();
                    out.set(Handle.current().name());
                });
                t.join();
                return out.get();
            }));
            assertThat(r).isEqualTo("parent");
        }
    }

    @Test
    void grandchildVirtualThread_viaVirtualThreadPerTaskExecutor_spawnsAndAwaitsTimer() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("rt1").build()) {
            int r = rt.blockOn(Async.async(() -> {
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    var f = ex.submit(() -> {
                        // a thread created by a thread created inside the block: still the runtime
                        return Thread.ofVirtual().start(() -> {}).isVirtual()
                                ? dev.weft.task.Tasks.spawn(Time.sleep(Duration.ofMillis(1)).map(v -> 41)).await() + 1
                                : -1;
                    });
                    return f.get();
                }
            }));
            assertThat(r).isEqualTo(42);
        }
    }

    @Test
    void virtualThreadInAsyncBlock_usesLoopbackSocket() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            String r = rt.blockOn(Async.async(() -> {
                TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
                AtomicReference<String> out = new AtomicReference<>();
                Thread t = Thread.ofVirtual().start(() -> {
                    try (TcpStream s = TcpStream.connect(l.localAddress()).await()) {
                        out.set("connected");
                    } catch (Exception e) {
                        out.set(e.toString());
                    }
                });
                try (var accepted = l.accept().await()) {
                    t.join();
                }
                l.close();
                return out.get();
            }));
            assertThat(r).isEqualTo("connected");
        }
    }

    @Test
    void virtualThreadInAsyncBlock_seesTaskLocalsAsCapturedAtStart() {
        TaskLocal<String> user = TaskLocal.newInstance("user");
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            String r = rt.blockOn(user.scope("ada", Async.async(() -> {
                AtomicReference<String> out = new AtomicReference<>();
                Thread.ofVirtual().start(() -> out.set(user.get())).join();
                return out.get();
            })));
            assertThat(r).isEqualTo("ada");
        }
    }

    @Test
    void platformThreadInAsyncBlock_hasNoRuntime() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Throwable t = rt.blockOn(Async.async(() -> {
                AtomicReference<Throwable> out = new AtomicReference<>();
                Thread.ofPlatform().start(() -> {
                    try {
                        Handle.current();
                    } catch (Throwable e) {
                        out.set(e);
                    }
                }).join();
                return out.get();
            }));
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a Weft runtime");
        }
    }

    @Test
    void virtualThreadOptingOutOfInheritance_hasNoRuntime() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Throwable t = rt.blockOn(Async.async(() -> {
                AtomicReference<Throwable> out = new AtomicReference<>();
                Thread.ofVirtual().inheritInheritableThreadLocals(false).start(() -> {
                    try {
                        Handle.current();
                    } catch (Throwable e) {
                        out.set(e);
                    }
                }).join();
                return out.get();
            }));
            assertThat(t).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void virtualThreadOutsideAnyBlock_hasNoRuntime() throws Exception {
        AtomicReference<Throwable> out = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                Handle.current();
            } catch (Throwable e) {
                out.set(e);
            }
        }).join();
        assertThat(out.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void childAwaitingTimer_pausedClock_advancesOnceParentAwaits() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            String r = rt.blockOn(Async.async(() -> {
                Oneshot.Channel<String> ch = Oneshot.channel();
                Thread.ofVirtual().start(() -> {
                    Time.sleep(Duration.ofHours(1)).await(); // instant on the paused clock
                    ch.sender().send("after an hour");
                });
                return ch.receiver().await(); // the parent awaits, so the runtime may auto-advance
            }));
            assertThat(r).isEqualTo("after an hour");
        }
    }

    @Test
    void childAwaitingTimer_interrupted_cancelsTheSleep() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Throwable t = rt.blockOn(Async.async(() -> {
                AtomicReference<Throwable> out = new AtomicReference<>();
                CountDownLatch waiting = new CountDownLatch(1);
                Thread child = Thread.ofVirtual().start(() -> {
                    try {
                        waiting.countDown();
                        Time.sleep(Duration.ofDays(1)).await();
                    } catch (Throwable e) {
                        out.set(e);
                    }
                });
                waiting.await();
                child.interrupt();
                child.join();
                return out.get();
            }));
            assertThat(t).isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void childOutlivingItsBlock_afterShutdown_failsInsteadOfHanging() throws Exception {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> out = new AtomicReference<>();
        AtomicReference<Thread> child = new AtomicReference<>();
        JoinHandle<Void> h = rt.spawnAsync(() -> {
            child.set(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    Time.sleep(Duration.ofMillis(1)).await();
                    out.set(new AssertionError("slept on a closed runtime"));
                } catch (Throwable e) {
                    out.set(e);
                }
            }));
            return null;
        });
        rt.blockOn(h);
        rt.close();
        go.countDown();
        child.get().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(child.get().isAlive()).isFalse();
        assertThat(out.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a Weft runtime");
        assertThat(Futures.class).isNotNull();
    }

    @Test
    void structuredTaskScopeSubtask_forkedInAsyncBlock_awaitsTimerAndSpawns() throws Exception {
        Class<?> sts;
        java.lang.reflect.Method open;
        try {
            sts = Class.forName("java.util.concurrent.StructuredTaskScope");
            open = sts.getMethod("open");
        } catch (ReflectiveOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("StructuredTaskScope.open() needs JDK 25+: " + e);
            return;
        }
        java.lang.reflect.Method fork = sts.getMethod("fork", java.util.concurrent.Callable.class);
        java.lang.reflect.Method join = sts.getMethod("join");
        java.lang.reflect.Method get = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask")
                .getMethod("get");
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("sts").build()) {
            String r = rt.blockOn(Async.async(() -> {
                try (AutoCloseable scope = (AutoCloseable) open.invoke(null)) {
                    java.util.concurrent.Callable<String> body = () -> {
                        Time.sleep(Duration.ofMillis(1)).await(); // the runtime's timer, in a subtask
                        return Handle.current().name() + ":"
                                + dev.weft.task.Tasks.spawn(dev.weft.future.Futures.ready(7)).await();
                    };
                    Object a = fork.invoke(scope, body);
                    Object b = fork.invoke(scope, body);
                    join.invoke(scope);
                    return get.invoke(a) + "," + get.invoke(b);
                }
            }));
            assertThat(r).isEqualTo("sts:7,sts:7");
        }
    }

    @Test
    void structuredTaskScope_asyncBlockCancelled_subtaskAwaitInterrupted() throws Exception {
        Class<?> sts;
        java.lang.reflect.Method open;
        try {
            sts = Class.forName("java.util.concurrent.StructuredTaskScope");
            open = sts.getMethod("open");
        } catch (ReflectiveOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("StructuredTaskScope.open() needs JDK 25+: " + e);
            return;
        }
        java.lang.reflect.Method fork = sts.getMethod("fork", java.util.concurrent.Callable.class);
        java.lang.reflect.Method join = sts.getMethod("join");
        CountDownLatch forked = new CountDownLatch(1);
        AtomicReference<Throwable> inSubtask = new AtomicReference<>();
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            JoinHandle<Object> h = rt.spawnAsync(() -> {
                try (AutoCloseable scope = (AutoCloseable) open.invoke(null)) {
                    fork.invoke(scope, (java.util.concurrent.Callable<Object>) () -> {
                        try {
                            forked.countDown();
                            return Time.sleep(Duration.ofDays(1)).await();
                        } catch (Throwable t) {
                            inSubtask.set(t);
                            throw t;
                        }
                    });
                    return join.invoke(scope); // interrupted by the abort; closing the scope cancels the subtask
                }
            });
            assertThat(forked.await(10, TimeUnit.SECONDS)).isTrue();
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(dev.weft.task.JoinError.Cancelled.class);
            assertThat(inSubtask.get()).isInstanceOf(CancelledException.class); // its sleep was cancelled
        }
    }
}

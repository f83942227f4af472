package dev.weft.future.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.AsyncException;
import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.Handle;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.future's javadoc pulls in; each runs as a test. */
class FutureSnippets {

    @Test
    void lazy() {
        // @start region=lazy
        AtomicInteger runs = new AtomicInteger();
        Future<String> fetchUser = Futures.lazy(() -> {
            runs.incrementAndGet();
            return "user-42";
        });
        // nothing has run yet: a future is a description of work
        assertThat(runs).hasValue(0);
        String user = fetchUser.await(); // on a plain thread, await() drives it to completion
        assertThat(user).isEqualTo("user-42");
        assertThat(runs).hasValue(1);
        // @end
    }

    @Test
    void async() {
        // @start region=async
        Future<String> greeting = Async.async(() -> {
            String user = Futures.lazy(() -> "ada").await(); // await() any Weft future
            int visits = Futures.ready(3).await();
            return user + " visited " + visits + " times";
        });
        // lazy: the virtual thread starts at the first poll, here the await() of this thread
        assertThat(greeting.await()).isEqualTo("ada visited 3 times");
        // @end
    }

    @Test
    void map() {
        // @start region=map
        Future<Integer> length = Futures.ready("weft").map(String::length);
        assertThat(length.await()).isEqualTo(4);
        // @end
    }

    @Test
    void joinAll() {
        // @start region=joinAll
        List<Future<Integer>> futures = List.of(Futures.ready(1), Futures.lazy(() -> 2), Futures.ready(3));
        assertThat(Futures.joinAll(futures).await()).containsExactly(1, 2, 3);
        // @end
    }

    @Test
    void atomicWaker() throws Exception {
        // @start region=atomicWaker
        final class Flag implements Future<Void> {
            final AtomicBoolean set = new AtomicBoolean();
            final AtomicWaker waker = new AtomicWaker();

            @Override
            public Poll<Void> poll(Context cx) {
                if (set.get()) return Poll.ready(null);
                waker.register(cx.waker()); // register first ...
                return set.get() ? Poll.ready(null) : Poll.pending(); // ... then re-check
            }

            void signal() {
                set.set(true);
                waker.wake();
            }
        }
        Flag flag = new Flag();
        Thread.ofPlatform().start(flag::signal);
        flag.await(); // returns once the other thread has signalled
        assertThat(flag.set).isTrue();
        // @end
    }

    @Test
    void fromStage() {
        // @start region=fromStage
        CompletableFuture<String> fromAJavaLibrary = new CompletableFuture<>();
        Future<Integer> length = Futures.fromStage(fromAJavaLibrary).map(String::length);
        new Thread(() -> fromAJavaLibrary.complete("weft")).start(); // completes the Weft future through its waker
        assertThat(length.await()).isEqualTo(4);
        // @end
    }

    @Test
    void asyncThreads() {
        // @start region=asyncThreads
        try (dev.weft.runtime.WeftRuntime rt = dev.weft.runtime.WeftRuntime.builder().workerThreads(1).build()) {
            String r = rt.blockOn(Async.async(() -> {
                AtomicReference<String> seen = new AtomicReference<>();
                Thread child = Thread.ofVirtual().start(() -> { // created inside the block: sees the runtime
                    Time.sleep(Duration.ofMillis(1)).await(); // a timer of the runtime
                    seen.set("slept in " + Handle.current().name());
                });
                child.join();
                return seen.get();
            }));
            assertThat(r).startsWith("slept in ");
        }
        // @end
    }

    @Test
    void asyncVoid() {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // @start region=asyncVoid
        Future<Void> audit = Async.async(() -> {          // returns nothing: no return null
            log.add("audited");
        });
        audit.await();
        // @end
        assertThat(log).containsExactly("audited");
    }

    @Test
    void asyncException() {
        String outcome;
        // @start region=asyncException
        Future<String> read = Async.async(() -> java.nio.file.Files.readString(java.nio.file.Path.of("/no/such")));
        try {
            outcome = read.await();
        } catch (AsyncException e) {                      // a checked exception of the body, wrapped once
            outcome = e.getCause() instanceof java.nio.file.NoSuchFileException ? "missing" : "other";
        }
        // @end
        assertThat(outcome).isEqualTo("missing");
    }
}

package dev.weft.examples;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.PrintStream;

/**
 * The seed's "Context and Waker" (and its {@code MyFuture}): a hand-written future that stores the waker when it is
 * not ready, and is completed from another thread, which wakes it.
 *
 * <pre>{@code
 * fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
 *     if self.is_ready() { Poll::Ready(self.get_output()) }
 *     else { self.waker = Some(cx.waker().clone()); Poll::Pending }
 * }
 * // later, when the resource is ready: self.waker.as_ref().unwrap().wake_by_ref();
 * }</pre>
 *
 * <p>About {@code Pin}: Rust pins {@code MyFuture} so its self-reference stays valid. The JVM moves objects and
 * fixes every reference, so Java futures may point into themselves freely; Weft's guarantee instead is that one
 * thread polls a task at a time.
 */
public final class ContextWaker implements Example {

    /** The seed's MyFuture: ready once {@link #complete} stores its value. */
    static final class MyFuture implements Future<String> {
        private final AtomicWaker waker = new AtomicWaker();
        private volatile String value;
        volatile int polls;

        @Override
        public Poll<String> poll(Context cx) {
            polls++;
            String v = value;
            if (v != null) return Poll.ready(v);
            waker.register(cx.waker()); // save the waker so we can be notified when ready
            v = value; // re-check: the value may have arrived while registering
            return v != null ? Poll.ready(v) : Poll.pending();
        }

        /** Called by the resource when it is ready: stores the value, then wakes the task. */
        void complete(String v) {
            value = v;
            waker.wake();
        }
    }

    @Override
    public String name() {
        return "context-waker";
    }

    @Override
    public String summary() {
        return "Context and Waker - a hand-written future woken from another thread (the seed's MyFuture)";
    }

    @Override
    public void run(PrintStream out, Clock clock) throws Exception {
        clock.main(() -> {
            MyFuture fut = new MyFuture();
            JoinHandle<String> task = Tasks.spawn(fut);
            while (fut.polls == 0) Tasks.yieldNow().await(); // let the runtime poll it once
            out.println("polled " + fut.polls + " time(s): pending, waker stored");
            Thread resource = Thread.ofPlatform().name("resource").start(() -> fut.complete("value from another thread"));
            resource.join();
            out.println("resource thread completed the future and woke the task");
            String v = task.await();
            out.println("task finished with: " + v + " (polled " + fut.polls + " times in all)");
        });
    }

    public static void main(String[] args) throws Exception {
        new ContextWaker().run(System.out, Clock.REAL);
    }
}

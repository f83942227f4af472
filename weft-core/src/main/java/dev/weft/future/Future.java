package dev.weft.future;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A lazy computation that completes with a value of type {@code T}: Rust's {@code std::future::Future}.
 *
 * <p><b>Lazy.</b> Creating a future does nothing. It runs only while something polls it: a task of a
 * {@code WeftRuntime}, a combinator such as {@code select}, or a thread calling {@link #await()}.
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=lazy}
 *
 * <p><b>The poll contract.</b> {@link #poll(Context)} either returns {@code Poll.ready(value)} or returns
 * {@code Poll.pending()} after arranging for {@code cx.waker().wake()} to be called once progress is possible
 * (register the waker, then re-check the condition, so a wake-up between the two is never lost). A future is
 * polled by one thread at a time, never again after it returned {@code Ready}, and never after
 * {@link #cancel()}. It must not block or sleep inside {@code poll}.
 *
 * <p><b>Cancellation is Rust's drop.</b> Java has no destructors, so when a future will never be polled again
 * before it completed (a {@code select} loser, a timed-out future, an aborted task) its owner calls
 * {@link #cancel()} exactly once. {@code cancel()} must release synchronously whatever the future registered:
 * waker slots, wait-queue places, permits, buffered items. Combinators propagate it to their children.
 *
 * <p><b>Pinning.</b> Rust needs {@code Pin} because a moved future would leave its self-references dangling.
 * The JVM relocates objects and fixes every reference, so Java futures may refer to themselves freely. The
 * guarantee that matters instead is single-owner polling, which Weft's runtime provides: one thread polls a
 * task at a time, with happens-before between consecutive polls.
 *
 * @param <T> the type of the value
 */
public interface Future<T extends @Nullable Object> {

    /**
     * Advances the future as far as possible without blocking.
     *
     * @param cx the polling task's waker and budget
     * @return {@code Ready} with the value, or {@code Pending} after the waker has been registered
     */
    Poll<T> poll(Context cx);

    /**
     * Releases everything this future registered; called at most once, when the future will never be polled
     * again and has not completed (Rust's drop). The default does nothing, which is right for futures that
     * register nothing outside themselves.
     */
    default void cancel() {}

    /**
     * Runs this future to completion on the calling thread and returns its value: Rust's {@code .await}.
     *
     * <p>In an async block (a virtual thread) this parks only that virtual thread. On a plain platform thread
     * outside any runtime it blocks the thread, like Tokio's {@code block_on}. On a runtime worker thread it
     * throws {@link IllegalStateException}: blocking a worker would stall every task queued on it.
     *
     * <p><b>Cancel safety.</b> When the calling thread is interrupted (its async block was cancelled), this
     * future is {@linkplain #cancel() cancelled}, the interrupt flag stays set and
     * {@link CancelledException} is thrown.
     *
     * @return the value
     * @throws IllegalStateException on a runtime worker thread
     * @throws CancelledException when the calling thread is interrupted while waiting
     */
    @CanIgnoreReturnValue // awaiting is the use; the value may be unwanted (Future<Void>)
    default T await() {
        return Await.await(this);
    }

    /**
     * A future that completes with {@code f} applied to this future's value.
     * {@snippet class=dev.weft.future.snippets.FutureSnippets region=map}
     * <p><b>Cancel safety:</b> as this future's; cancelling the result cancels this future.
     */
    default <U> Future<U> map(Function<? super T, ? extends U> f) {
        return new Combinators.Map<>(this, java.util.Objects.requireNonNull(f, "f"));
    }

    /**
     * A future that, once this one completes with {@code v}, runs the future {@code f.apply(v)} and completes
     * with its value (flat-map; Rust's {@code async { f(self.await).await }}).
     * <p><b>Cancel safety:</b> cancelling the result cancels whichever of the two futures is current.
     */
    default <U> Future<U> then(Function<? super T, ? extends Future<U>> f) {
        return new Combinators.Then<>(this, java.util.Objects.requireNonNull(f, "f"));
    }

    /**
     * A future that passes this future's value to {@code action} and then completes with it unchanged.
     * <p><b>Cancel safety:</b> as this future's.
     */
    default Future<T> inspect(Consumer<? super T> action) {
        java.util.Objects.requireNonNull(action, "action");
        return map(v -> {
            action.accept(v);
            return v;
        });
    }
}

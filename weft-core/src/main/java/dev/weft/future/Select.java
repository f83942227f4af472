package dev.weft.future;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.internal.context.DeferredWakeup;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A future that waits for the first of several futures, of possibly different result types, to complete and
 * then runs that branch's handler: Tokio's {@code tokio::select!}.
 *
 * <p>A {@code Select} is built by adding branches, and is itself the lazy {@code Future<R>} of the result:
 * nothing is polled until it is awaited, spawned or polled by hand. Each branch pairs a future with a handler
 * that turns its value into the select's result {@code R}.
 *
 * <h2>From {@code tokio::select!} to {@code Select}</h2>
 * <table class="striped">
 *   <caption>Spelling of each part of {@code select!}</caption>
 *   <thead><tr><th>Tokio</th><th>Weft</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code tokio::select! { ... }}</td><td>{@code Select.firstOf() ... .await()} (the result type is the
 *       first handler's), {@code Select.actions() ... .await()} (handlers that return nothing), or
 *       {@code Select.<R>select() ... .await()}</td></tr>
 *   <tr><td>{@code v = fut => handler}</td><td>{@code .on(fut, v -> handler)}</td></tr>
 *   <tr><td>{@code v = fut, if cond => handler}</td><td>{@code .on(cond, fut, v -> handler)}</td></tr>
 *   <tr><td>{@code Some(v) = fut => handler}</td><td>{@code .onSome(fut, v -> handler)} (fut yields
 *       {@code Optional})</td></tr>
 *   <tr><td>any other refutable pattern</td><td>{@code .onMatch(fut, predicate, v -> handler)} or
 *       {@code .onPattern(fut, v -> optionalOfBinding, b -> handler)}</td></tr>
 *   <tr><td>{@code else => handler}</td><td>{@code .otherwise(() -> handler)}</td></tr>
 *   <tr><td>{@code biased;}</td><td>{@code .biased()}</td></tr>
 *   <tr><td>{@code v = &mut fut => ...} (keep {@code fut} alive)</td><td>{@code .on(Futures.byRef(fut), ...)}
 *       </td></tr>
 *   </tbody>
 * </table>
 * Java has no statement-block handlers that can {@code break} out of the enclosing loop, so a handler that must
 * steer the loop returns a value and the caller acts on it (a {@code boolean}, or a small sealed type to
 * {@code switch} on). A select used as a statement takes handlers that return nothing: {@link #actions()}.
 *
 * <p><b>Advanced Pattern 1: composing futures with {@code select!}.</b> The seed's Rust:
 * {@snippet lang=rust :
 * tokio::select! {
 *     _ = sleep(Duration::from_secs(1)) => {
 *         println!("Timeout!");
 *     }
 *     result = fetch_data() => {
 *         println!("Got data: {:?}", result);
 *     }
 * }
 * }
 * and Weft's. In these examples {@code fetchData()} is ready at once, and {@code sleep} and the channel are
 * small hand-written stand-ins (see {@code SelectSnippets}) until {@code dev.weft.time} and {@code dev.weft.sync}
 * land:
 * {@snippet class=dev.weft.future.snippets.SelectSnippets region=pattern1}
 *
 * <p><b>{@code select!} with loops.</b> The seed's Rust:
 * {@snippet lang=rust :
 * loop {
 *     tokio::select! {
 *         Some(msg) = rx.recv() => {
 *             println!("Received: {}", msg);
 *         }
 *         _ = sleep(std::time::Duration::from_secs(1)) => {
 *             println!("Timeout - no message received");
 *             break;
 *         }
 *     }
 * }
 * }
 * and Weft's, where the channel's {@code recv()} yields {@code Optional.empty()} once it is closed and drained
 * (Rust's {@code None}):
 * {@snippet class=dev.weft.future.snippets.SelectSnippets region=selectLoop}
 *
 * <p><b>Cancellation with {@code select!}.</b> The seed's Rust:
 * {@snippet lang=rust :
 * tokio::select! {
 *     _ = handle => println!("Task completed"),
 *     _ = tokio::time::sleep(Duration::from_secs(1)) => {
 *         println!("Cancelled!");
 *         handle.abort();  // Force task to stop
 *     }
 * }
 * }
 * and Weft's, where an async block stands for the task and {@link Futures#byRef} keeps it alive past the
 * select (Rust's {@code &mut handle}) so the timeout branch can still stop it:
 * {@snippet class=dev.weft.future.snippets.SelectSnippets region=cancellation}
 *
 * <p>Preconditions and {@code else}:
 * {@snippet class=dev.weft.future.snippets.SelectSnippets region=preconditions}
 *
 * <h2>How it polls</h2>
 * Each poll of the select polls every enabled branch, starting from a branch chosen at random (a cheap
 * per-thread random, as Tokio does) so that no branch starves the others, or in declaration order after
 * {@link #biased()}. The first branch found ready wins: every other branch future not yet complete is
 * {@linkplain Future#cancel() cancelled} exactly once, including branches that were never polled and branches
 * disabled by their precondition (Rust drops them all), and then the winner's handler runs and its result is
 * the select's value. A {@code Time.sleep} branch that has not been polled yet cannot be ready at this poll,
 * so it is polled after the others, and not at all when one of them wins; a sleep's timer is put in the
 * runtime's wheel only when the select goes pending, so a select loop over a busy channel with a fresh timeout
 * per iteration costs no timer work while messages keep coming. A branch whose value does not match its
 * pattern is disabled for the rest of this select and the others keep going; when every branch is disabled, the
 * {@link #otherwise} branch runs, and without one the select fails with {@link IllegalStateException}. A branch
 * future (or pattern) that throws fails the select with that exception after cancelling every other branch.
 *
 * <p>The branches are polled with the select's own {@link Context}, as Tokio does: no allocation per poll, and
 * the task's cooperative budget and ambient state reach the branches unchanged. A spurious poll of a branch
 * that was not woken is harmless by the poll contract. (Contrast {@link Futures#join}, which runs its children
 * to the end and therefore re-polls only the children that were woken.)
 *
 * <p><b>Cancel safety.</b> Cancelling the select cancels every branch future that has not completed. Whether
 * a <em>losing</em> branch loses anything depends on that branch: a select is only as cancel-safe as its
 * branches. A cancel-safe branch (a channel {@code recv()}, a timer) loses nothing when another branch wins; a
 * branch that has done part of its work (a half-written frame) loses that part. When a branch must survive
 * losing, create its future once outside the loop and pass {@link Futures#byRef(Future)} of it.
 *
 * <p><b>Misuse.</b> A select is single-use: adding a branch after its first poll, or polling it after it
 * completed, throws {@link IllegalStateException}. A null future, handler or pattern throws
 * {@link NullPointerException} naming the parameter.
 *
 * @param <R> the type of the select's result (what every handler returns)
 */
public final class Select<R extends @Nullable Object> implements Future<R> {
    /*
     * Implementation notes
     *
     * A select is polled by one thread at a time (single-owner polling) and holds no state shared with other
     * threads: branch futures wake the task through the Context the select passes on unchanged. So there is
     * no synchronisation here; the invariants are about which futures are polled and cancelled.
     *
     * Branches form a singly linked list in declaration order (one node per branch, no arrays: a select in a
     * hot loop allocates itself and its nodes only). A poll walks it once, circularly, from a random node.
     *
     * I1. branch.future != null  <=>  the branch future has neither completed (Ready or threw) nor been
     *     cancelled. Every cancel() sets the field to null first, so a future is cancelled at most once, and a
     *     completed future is never cancelled.
     * I2. branch.enabled  =>  branch.future != null. `live` counts enabled branches; a branch is polled only
     *     while enabled. Preconditions clear `enabled` at add time; a pattern mismatch clears it (and, by I1,
     *     the future, which completed).
     * I3. phase == DONE after the select returned Ready, threw, or was cancelled; finish() moves to DONE and
     *     cancels every branch with future != null (I1) BEFORE any handler runs, so every loser is cancelled
     *     exactly once before the select returns, whether or not it was ever polled.
     * I4. No allocation per poll: ThreadLocalRandom.current() and nextInt are allocation-free, pending polls
     *     return the shared Poll.pending().
     * I5. Deferred wake-ups: a branch whose future has a DeferredWakeup provider (a Sleep) is polled with
     *     pollDeferred, and a Pending from it sets branch.unarmed and counts in `unarmed`. Before poll() returns
     *     Pending it arms every such branch still live (so the select's Pending carries every branch's
     *     wake-up, as the poll contract requires); when the select completes at this poll instead, finish()
     *     cancels them unarmed, so a sleep that loses to a ready branch never touches the timer wheel.
     * I6. Postponed branches: a branch whose provider says canPostpone (a sleep's first poll, certain to be
     *     Pending) is skipped in the rotation and polled after the others, only if none of them won. That is
     *     the outcome of an order the select may choose anyway (the postponed branch cannot win at this poll),
     *     and a sleep that loses to a ready branch is never polled, so it does not even read the clock.
     */

    private static final byte BUILDING = 0;
    private static final byte POLLING = 1;
    private static final byte DONE = 2;

    /** Branch kinds: how a completed value is matched. */
    private static final byte PLAIN = 0;
    private static final byte PREDICATE = 1;
    private static final byte PATTERN = 2;
    private static final byte SOME = 3;

    /** Marks a value that did not match its branch's pattern. */
    private static final Object NO_MATCH = new Object();

    private Branch<R> head;
    private Branch<R> tail;
    private int count; // branches added
    private int live; // I2: enabled branches
    private int unarmed; // I5: branches polled with pollDeferred that returned Pending at this poll
    private boolean biased;
    private Supplier<? extends R> otherwise;
    private byte phase = BUILDING;

    private Select() {}

    /**
     * Starts an empty select whose result type {@code R} is given by the assignment
     * ({@code Select<String> s = Select.select();}) or a witness ({@code Select.<String>select()}); add branches
     * with {@code on*}, then await or poll it. For the common chained form, {@link #firstOf()} infers {@code R}
     * from the first handler instead, and {@link #actions()} takes handlers that return nothing.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=typed}
     *
     * <p><b>Cancel safety:</b> see the {@linkplain Select class documentation}: cancelling the select cancels
     * every branch not yet complete; a branch that loses is cancelled before the select returns.
     *
     * @param <R> the type of the select's result
     * @return a new, lazy select with no branches
     */
    public static <R extends @Nullable Object> Select<R> select() {
        return new Select<>();
    }

    /**
     * Starts a select whose result type is inferred from its first branch's handler: no type witness.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=pattern1}
     *
     * <p>The first {@code on*} (or {@code otherwise}) call returns the {@code Select<R>}, with {@code R} the type
     * its handler returns; every later handler must return an {@code R}. When the first handler's type is not the
     * result type you want (it returns {@code null}, or a subtype), use {@link #select()} with a witness.
     *
     * <p><b>Cancel safety:</b> as {@link #select()}.
     *
     * @return a builder for the first branch
     */
    public static Builder firstOf() {
        return new Builder(false);
    }

    /**
     * Starts a select whose handlers return nothing ({@code Consumer}s and a {@code Runnable} else branch): a
     * {@code Future<Void>} for a select used as a statement, as most of the seed's {@code select!} blocks are.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=actions}
     *
     * <p><b>Cancel safety:</b> as {@link #select()}.
     *
     * @return a new, lazy select with no branches
     */
    public static Actions actions() {
        return new Actions(new Select<>());
    }

    /**
     * Polls the branches in declaration order instead of from a random start: Tokio's {@code biased;}. Use it
     * when one branch must win whenever it is ready (a shutdown signal before work), and accept that a branch
     * that is always ready then starves the ones after it.
     *
     * @return this select
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public Select<R> biased() {
        checkBuilding("biased()");
        biased = true;
        return this;
    }

    /**
     * Adds the branch {@code v = future => handler(v)}.
     *
     * <p><b>Cancel safety:</b> the select is as cancel-safe as this branch's future: when another branch wins
     * or the select is cancelled, {@code future} is cancelled (unless it already completed) and loses whatever
     * its own cancel safety says it loses. Pass {@link Futures#byRef(Future)} to keep it alive instead.
     *
     * @param future the branch future; cancelled if it has not completed when the select finishes
     * @param handler turns the branch's value into the select's result; runs only if this branch wins, after
     *     every other branch has been cancelled
     * @param <T> the branch future's value type
     * @return this select
     * @throws NullPointerException when {@code future} or {@code handler} is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> on(Future<T> future, Function<? super T, ? extends R> handler) {
        return add(true, future, PLAIN, null, handler, "on");
    }

    /**
     * Adds the branch {@code v = future, if enabled => handler(v)}: when {@code enabled} is false the branch is
     * disabled for this select, its future is never polled (and is cancelled when the select finishes).
     *
     * <p><b>Cancel safety:</b> as {@link #on(Future, Function)}; a disabled branch's future is cancelled
     * without ever having been polled.
     *
     * @param enabled the branch's precondition, evaluated once, when the branch is added (as Tokio evaluates
     *     every precondition once, before polling)
     * @param future the branch future
     * @param handler turns the branch's value into the select's result
     * @param <T> the branch future's value type
     * @return this select
     * @throws NullPointerException when {@code future} or {@code handler} is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> on(boolean enabled, Future<T> future, Function<? super T, ? extends R> handler) {
        return add(enabled, future, PLAIN, null, handler, "on");
    }

    /**
     * Adds the branch {@code Some(v) = future => handler(v)}: when {@code future} completes with
     * {@code Optional.empty()} (a closed channel's {@code recv()}), this branch is disabled for the rest of the
     * select and the other branches keep going.
     *
     * <p><b>Cancel safety:</b> as {@link #on(Future, Function)}. A branch whose value did not match has
     * completed, so it is not cancelled.
     *
     * @param future the branch future, completing with an {@code Optional} (never null)
     * @param handler receives the present value
     * @param <T> the value inside the optional
     * @return this select
     * @throws NullPointerException when {@code future} or {@code handler} is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> onSome(Future<? extends Optional<T>> future,
            Function<? super T, ? extends R> handler) {
        return add(true, future, SOME, null, handler, "onSome");
    }

    /**
     * Adds the branch {@code Some(v) = future, if enabled => handler(v)}; see {@link #onSome(Future, Function)}
     * and {@link #on(boolean, Future, Function)}.
     *
     * <p><b>Cancel safety:</b> as {@link #on(Future, Function)}.
     *
     * @param enabled the branch's precondition
     * @param future the branch future, completing with an {@code Optional} (never null)
     * @param handler receives the present value
     * @param <T> the value inside the optional
     * @return this select
     * @throws NullPointerException when {@code future} or {@code handler} is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> onSome(boolean enabled, Future<? extends Optional<T>> future,
            Function<? super T, ? extends R> handler) {
        return add(enabled, future, SOME, null, handler, "onSome");
    }

    /**
     * Adds a branch with a refutable pattern given as a predicate: when {@code future} completes with a value
     * that fails {@code pattern}, this branch is disabled for the rest of the select and the others keep going;
     * otherwise it wins and {@code handler} receives the value.
     *
     * <p><b>Cancel safety:</b> as {@link #onSome(Future, Function)}.
     *
     * @param future the branch future
     * @param pattern decides whether the value matches; runs on the polling thread, must not block
     * @param handler receives a matching value
     * @param <T> the branch future's value type
     * @return this select
     * @throws NullPointerException when an argument is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> onMatch(Future<T> future, Predicate<? super T> pattern,
            Function<? super T, ? extends R> handler) {
        return add(true, future, PREDICATE, Objects.requireNonNull(pattern, "pattern"), handler, "onMatch");
    }

    /**
     * {@link #onMatch(Future, Predicate, Function)} with a precondition; see
     * {@link #on(boolean, Future, Function)}.
     *
     * <p><b>Cancel safety:</b> as {@link #on(Future, Function)}.
     *
     * @param enabled the branch's precondition
     * @param future the branch future
     * @param pattern decides whether the value matches
     * @param handler receives a matching value
     * @param <T> the branch future's value type
     * @return this select
     * @throws NullPointerException when an argument is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T> Select<R> onMatch(boolean enabled, Future<T> future, Predicate<? super T> pattern,
            Function<? super T, ? extends R> handler) {
        return add(enabled, future, PREDICATE, Objects.requireNonNull(pattern, "pattern"), handler, "onMatch");
    }

    /**
     * Adds a branch with a refutable pattern that also binds: {@code pattern} maps the value to the binding
     * ({@code Optional.of(binding)}) or to {@code Optional.empty()} when it does not match, which disables this
     * branch for the rest of the select. Java's record and type patterns fit here:
     * {@snippet :
     * .onPattern(recv(), r -> r instanceof Msg.Text(var text) ? Optional.of(text) : Optional.empty(),
     *         text -> "text: " + text)
     * }
     *
     * <p><b>Cancel safety:</b> as {@link #onSome(Future, Function)}.
     *
     * @param future the branch future
     * @param pattern extracts the binding, or returns empty when the value does not match; never null
     * @param handler receives the binding
     * @param <T> the branch future's value type
     * @param <U> the binding's type
     * @return this select
     * @throws NullPointerException when an argument is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T, U> Select<R> onPattern(Future<T> future, Function<? super T, Optional<U>> pattern,
            Function<? super U, ? extends R> handler) {
        return add(true, future, PATTERN, Objects.requireNonNull(pattern, "pattern"), handler, "onPattern");
    }

    /**
     * {@link #onPattern(Future, Function, Function)} with a precondition; see
     * {@link #on(boolean, Future, Function)}.
     *
     * <p><b>Cancel safety:</b> as {@link #on(Future, Function)}.
     *
     * @param enabled the branch's precondition
     * @param future the branch future
     * @param pattern extracts the binding, or returns empty when the value does not match
     * @param handler receives the binding
     * @param <T> the branch future's value type
     * @param <U> the binding's type
     * @return this select
     * @throws NullPointerException when an argument is null
     * @throws IllegalStateException when the select has already been polled
     */
    @CanIgnoreReturnValue
    public <T, U> Select<R> onPattern(boolean enabled, Future<T> future,
            Function<? super T, Optional<U>> pattern, Function<? super U, ? extends R> handler) {
        return add(enabled, future, PATTERN, Objects.requireNonNull(pattern, "pattern"), handler, "onPattern");
    }

    /**
     * Sets the branch that runs when every branch is disabled (by its precondition or by a pattern mismatch):
     * Tokio's {@code else}. Without it, such a select fails with {@link IllegalStateException}.
     *
     * @param handler computes the select's result; runs after every branch future still pending has been
     *     cancelled
     * @return this select
     * @throws NullPointerException when {@code handler} is null
     * @throws IllegalStateException when the select has already been polled, or has an otherwise branch
     */
    @CanIgnoreReturnValue
    public Select<R> otherwise(Supplier<? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        checkBuilding("otherwise(...)");
        if (otherwise != null) {
            throw new IllegalStateException("otherwise(...) called twice (expected: at most one else branch)");
        }
        otherwise = handler;
        return this;
    }

    @SuppressWarnings("unchecked")
    private Select<R> add(boolean enabled, Future<?> future, byte kind, Object pattern,
            Function<?, ? extends R> handler, String method) {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(handler, "handler");
        if (phase != BUILDING) checkBuilding(method + "(...)"); // no string building on the hot path
        Branch<R> b = new Branch<>((Future<Object>) future, kind, pattern, (Function<Object, ? extends R>) handler,
                enabled, DeferredWakeup.<Future<?>, Context, Poll<?>>of(future));
        if (tail == null) head = b;
        else tail.next = b;
        tail = b;
        count++;
        if (enabled) live++;
        return this;
    }

    private void checkBuilding(String what) {
        if (phase != BUILDING) {
            throw new IllegalStateException("select: " + what + " called after the select was first polled"
                    + " (expected: add every branch before awaiting or polling the select)");
        }
    }

    /**
     * Polls the enabled branches once each, from a random start (or in declaration order when
     * {@linkplain #biased() biased}); see the {@linkplain Select class documentation}.
     *
     * @throws IllegalStateException when every branch is disabled and there is no {@link #otherwise} branch,
     *     or when polled again after it completed, failed or was cancelled
     */
    @Override
    public Poll<R> poll(Context cx) {
        if (phase == DONE) {
            throw new IllegalStateException("select polled after it completed, failed or was cancelled"
                    + " (expected: a future is never polled again after Ready, an exception or cancel())");
        }
        phase = POLLING;
        int n = count;
        if (live > 0) {
            Branch<R> b = head;
            if (!biased && n > 1) {
                for (int k = ThreadLocalRandom.current().nextInt(n); k > 0; k--) b = b.next;
            }
            boolean postponed = false;
            for (int i = 0; i < n; i++) {
                if (b.enabled) {
                    DeferredWakeup<Future<?>, Context, Poll<?>> d = b.deferral;
                    if (d != null && d.canPostpone(b.future)) { // I6
                        b.postponed = true;
                        postponed = true;
                    } else {
                        Poll<R> p = pollBranch(b, cx);
                        if (p != null) return p;
                    }
                }
                b = b.next;
                if (b == null) b = head;
            }
            if (postponed) {
                Poll<R> p = pollPostponed(cx);
                if (p != null) return p;
            }
            if (live > 0) {
                if (unarmed > 0) armDeferred(cx); // I5
                return Poll.pending();
            }
        }
        return allDisabled();
    }

    /** I6: polls the branches skipped by the rotation, now that none of the others won. */
    private Poll<R> pollPostponed(Context cx) {
        for (Branch<R> b = head; b != null; b = b.next) {
            if (!b.postponed) continue;
            b.postponed = false;
            if (b.enabled) {
                Poll<R> p = pollBranch(b, cx);
                if (p != null) return p;
            }
        }
        return null;
    }

    /** I5: arms every branch whose pending poll was deferred, before the select reports Pending. */
    private void armDeferred(Context cx) {
        unarmed = 0;
        for (Branch<R> b = head; b != null; b = b.next) {
            if (!b.unarmed) continue;
            b.unarmed = false;
            Future<Object> f = b.future;
            if (f == null) continue;
            try {
                b.deferral.armWakeup(f, cx);
            } catch (Throwable t) { // as a branch that threw from poll
                b.future = null;
                b.enabled = false;
                finish(t);
                throw Combinators.rethrow(t);
            }
        }
    }

    /** Polls one enabled branch; returns the select's Ready poll if it won, null to go on. */
    private Poll<R> pollBranch(Branch<R> b, Context cx) {
        Object arg;
        try {
            DeferredWakeup<Future<?>, Context, Poll<?>> d = b.deferral;
            @SuppressWarnings("unchecked")
            Poll<Object> p = d == null ? b.future.poll(cx) : (Poll<Object>) d.pollDeferred(b.future, cx);
            if (!(p instanceof Poll.Ready<Object> r)) {
                if (d != null) { // I5: armed before the select returns Pending, unless it completes first
                    b.unarmed = true;
                    unarmed++;
                }
                return null;
            }
            b.future = null; // I1: completed, never cancelled
            b.enabled = false;
            live--;
            arg = match(b, r.value());
        } catch (Throwable t) {
            b.future = null; // I1: it threw, so it is finished
            b.enabled = false;
            finish(t);
            throw Combinators.rethrow(t);
        }
        if (arg == NO_MATCH) return null; // disabled for the rest of this select (I2)
        finish(null); // I3: cancel the losers first ...
        return Poll.ready(b.handler.apply(arg)); // ... then run the winner's handler
    }

    @SuppressWarnings("unchecked")
    private static Object match(Branch<?> b, Object v) {
        switch (b.kind) {
            case PLAIN:
                return v;
            case PREDICATE:
                return ((Predicate<Object>) b.pattern).test(v) ? v : NO_MATCH;
            case PATTERN: {
                Optional<?> o = ((Function<Object, Optional<?>>) b.pattern).apply(v);
                if (o == null) {
                    throw new NullPointerException("onPattern: pattern returned null (expected: an Optional;"
                            + " Optional.empty() for no match)");
                }
                return o.isPresent() ? o.get() : NO_MATCH;
            }
            default: { // SOME
                if (v == null) {
                    throw new NullPointerException("onSome: the branch future completed with null"
                            + " (expected: an Optional; Optional.empty() for None)");
                }
                Optional<?> o = (Optional<?>) v;
                return o.isPresent() ? o.get() : NO_MATCH;
            }
        }
    }

    private Poll<R> allDisabled() {
        Supplier<? extends R> e = otherwise;
        finish(null);
        if (e == null) {
            throw new IllegalStateException("select: all branches are disabled and there is no else branch"
                    + " (every precondition was false or every pattern failed to match; add .otherwise(...)"
                    + " to handle that case)");
        }
        return Poll.ready(e.get());
    }

    /**
     * Cancels the select: every branch future that has not completed is cancelled once, whether it was ever
     * polled or not. Does nothing after the select completed, failed or was already cancelled.
     */
    @Override
    public void cancel() {
        if (phase != DONE) finish(null);
    }

    /**
     * I3: moves to DONE and cancels every branch future still held. A cancel() that throws does not stop the
     * others; its exception is added to {@code cause} when there is one, otherwise thrown at the end.
     */
    private void finish(Throwable cause) {
        phase = DONE;
        live = 0;
        Throwable failure = null;
        for (Branch<R> b = head; b != null; b = b.next) {
            Future<Object> f = b.future;
            b.future = null; // I1
            b.enabled = false;
            if (f == null) continue;
            try {
                f.cancel();
            } catch (Throwable t) {
                if (cause != null) cause.addSuppressed(t);
                else if (failure == null) failure = t;
                else failure.addSuppressed(t);
            }
        }
        if (failure != null) throw Combinators.rethrow(failure);
    }

    @Override
    public String toString() {
        return "Select[branches=" + count + ", live=" + live + (biased ? ", biased" : "")
                + (otherwise != null ? ", otherwise" : "")
                + ", phase=" + (phase == BUILDING ? "building" : phase == POLLING ? "polling" : "done") + "]";
    }

    /**
     * The start of a select built by {@link Select#firstOf()}: its first branch fixes the result type. Each
     * method mirrors the {@link Select} method of the same name and returns the {@code Select} itself.
     */
    public static final class Builder {
        private final boolean biased;

        private Builder(boolean biased) {
            this.biased = biased;
        }

        private <R extends @Nullable Object> Select<R> start() {
            Select<R> s = new Select<>();
            s.biased = biased;
            return s;
        }

        /**
         * See {@link Select#biased()}.
         *
         * @return a builder whose select polls in declaration order
         */
        public Builder biased() {
            return new Builder(true);
        }

        /**
         * See {@link Select#on(Future, Function)}; {@code R} is what {@code handler} returns.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param handler turns the branch's value into the select's result
         * @param <T> the branch future's value type
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when an argument is null
         */
        public <T, R extends @Nullable Object> Select<R> on(Future<T> future,
                Function<? super T, ? extends R> handler) {
            return this.<R>start().on(future, handler);
        }

        /**
         * See {@link Select#on(boolean, Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param enabled the branch's precondition
         * @param future the branch future
         * @param handler turns the branch's value into the select's result
         * @param <T> the branch future's value type
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when {@code future} or {@code handler} is null
         */
        public <T, R extends @Nullable Object> Select<R> on(boolean enabled, Future<T> future,
                Function<? super T, ? extends R> handler) {
            return this.<R>start().on(enabled, future, handler);
        }

        /**
         * See {@link Select#onSome(Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future, completing with an {@code Optional}
         * @param handler receives the present value
         * @param <T> the value inside the optional
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when an argument is null
         */
        public <T, R extends @Nullable Object> Select<R> onSome(Future<? extends Optional<T>> future,
                Function<? super T, ? extends R> handler) {
            return this.<R>start().onSome(future, handler);
        }

        /**
         * See {@link Select#onSome(boolean, Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param enabled the branch's precondition
         * @param future the branch future, completing with an {@code Optional}
         * @param handler receives the present value
         * @param <T> the value inside the optional
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when {@code future} or {@code handler} is null
         */
        public <T, R extends @Nullable Object> Select<R> onSome(boolean enabled, Future<? extends Optional<T>> future,
                Function<? super T, ? extends R> handler) {
            return this.<R>start().onSome(enabled, future, handler);
        }

        /**
         * See {@link Select#onMatch(Future, Predicate, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param pattern decides whether the value matches
         * @param handler receives a matching value
         * @param <T> the branch future's value type
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when an argument is null
         */
        public <T, R extends @Nullable Object> Select<R> onMatch(Future<T> future, Predicate<? super T> pattern,
                Function<? super T, ? extends R> handler) {
            return this.<R>start().onMatch(future, pattern, handler);
        }

        /**
         * See {@link Select#onPattern(Future, Function, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param pattern extracts the binding, or returns empty when the value does not match
         * @param handler receives the binding
         * @param <T> the branch future's value type
         * @param <U> the binding's type
         * @param <R> the select's result type
         * @return the select, with this branch
         * @throws NullPointerException when an argument is null
         */
        public <T, U, R extends @Nullable Object> Select<R> onPattern(Future<T> future,
                Function<? super T, Optional<U>> pattern,
                Function<? super U, ? extends R> handler) {
            return this.<R>start().onPattern(future, pattern, handler);
        }

        /**
         * See {@link Select#otherwise(Supplier)}.
         *
         * @param handler computes the select's result when every branch is disabled
         * @param <R> the select's result type
         * @return the select, with its else branch
         * @throws NullPointerException when {@code handler} is null
         */
        public <R extends @Nullable Object> Select<R> otherwise(Supplier<? extends R> handler) {
            return this.<R>start().otherwise(handler);
        }

        @Override
        public String toString() {
            return "Select.Builder[" + (biased ? "biased" : "random start") + "]";
        }
    }

    /**
     * A select whose handlers return nothing, built by {@link Select#actions()}: a {@code Future<Void>} that
     * completes (with {@code null}) once the winning branch's handler has run. Its methods mirror
     * {@link Select}'s, taking {@link Consumer}s (and a {@link Runnable} else branch) instead of functions, and
     * return this select. Polling, cancellation and misuse rules are {@link Select}'s, unchanged.
     *
     * <p><b>Cancel safety:</b> as {@link Select}: cancelling it cancels every branch future not yet complete.
     */
    public static final class Actions implements Future<Void> {
        private final Select<Void> select;

        private Actions(Select<Void> select) {
            this.select = select;
        }

        private static <T> Function<T, Void> run(Consumer<? super T> action, String name) {
            Objects.requireNonNull(action, name);
            return v -> {
                action.accept(v);
                return null;
            };
        }

        /**
         * See {@link Select#biased()}.
         *
         * @return this select
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public Actions biased() {
            select.biased();
            return this;
        }

        /**
         * Adds the branch {@code v = future => action(v)}. See {@link Select#on(Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param action runs with the branch's value if this branch wins
         * @param <T> the branch future's value type
         * @return this select
         * @throws NullPointerException when an argument is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T> Actions on(Future<T> future, Consumer<? super T> action) {
            select.on(future, run(action, "handler"));
            return this;
        }

        /**
         * Adds the branch {@code v = future, if enabled => action(v)}. See
         * {@link Select#on(boolean, Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param enabled the branch's precondition
         * @param future the branch future
         * @param action runs with the branch's value if this branch wins
         * @param <T> the branch future's value type
         * @return this select
         * @throws NullPointerException when {@code future} or {@code action} is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T> Actions on(boolean enabled, Future<T> future, Consumer<? super T> action) {
            select.on(enabled, future, run(action, "handler"));
            return this;
        }

        /**
         * Adds the branch {@code Some(v) = future => action(v)}. See {@link Select#onSome(Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future, completing with an {@code Optional}
         * @param action receives the present value
         * @param <T> the value inside the optional
         * @return this select
         * @throws NullPointerException when an argument is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T> Actions onSome(Future<? extends Optional<T>> future, Consumer<? super T> action) {
            select.onSome(future, run(action, "handler"));
            return this;
        }

        /**
         * Adds the branch {@code Some(v) = future, if enabled => action(v)}. See
         * {@link Select#onSome(boolean, Future, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param enabled the branch's precondition
         * @param future the branch future, completing with an {@code Optional}
         * @param action receives the present value
         * @param <T> the value inside the optional
         * @return this select
         * @throws NullPointerException when {@code future} or {@code action} is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T> Actions onSome(boolean enabled, Future<? extends Optional<T>> future,
                Consumer<? super T> action) {
            select.onSome(enabled, future, run(action, "handler"));
            return this;
        }

        /**
         * Adds a branch with a predicate pattern. See {@link Select#onMatch(Future, Predicate, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param pattern decides whether the value matches
         * @param action receives a matching value
         * @param <T> the branch future's value type
         * @return this select
         * @throws NullPointerException when an argument is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T> Actions onMatch(Future<T> future, Predicate<? super T> pattern, Consumer<? super T> action) {
            select.onMatch(future, pattern, run(action, "handler"));
            return this;
        }

        /**
         * Adds a branch with a binding pattern. See {@link Select#onPattern(Future, Function, Function)}.
         *
         * <p><b>Cancel safety:</b> as {@link Select#on(Future, Function)}.
         *
         * @param future the branch future
         * @param pattern extracts the binding, or returns empty when the value does not match
         * @param action receives the binding
         * @param <T> the branch future's value type
         * @param <U> the binding's type
         * @return this select
         * @throws NullPointerException when an argument is null
         * @throws IllegalStateException when the select has already been polled
         */
        @CanIgnoreReturnValue
        public <T, U> Actions onPattern(Future<T> future, Function<? super T, Optional<U>> pattern,
                Consumer<? super U> action) {
            select.onPattern(future, pattern, run(action, "handler"));
            return this;
        }

        /**
         * Sets the branch that runs when every branch is disabled. See {@link Select#otherwise(Supplier)}.
         *
         * @param action runs when every branch is disabled
         * @return this select
         * @throws NullPointerException when {@code action} is null
         * @throws IllegalStateException when the select has already been polled, or has an otherwise branch
         */
        @CanIgnoreReturnValue
        public Actions otherwise(Runnable action) {
            Objects.requireNonNull(action, "handler");
            select.otherwise(() -> {
                action.run();
                return null;
            });
            return this;
        }

        /**
         * Polls the branches once each; see {@link Select#poll(Context)}.
         *
         * @throws IllegalStateException as {@link Select#poll(Context)}
         */
        @Override
        public Poll<Void> poll(Context cx) {
            return select.poll(cx);
        }

        /** Cancels every branch future not yet complete; see {@link Select#cancel()}. */
        @Override
        public void cancel() {
            select.cancel();
        }

        @Override
        public String toString() {
            return "Select.Actions" + select.toString().substring("Select".length());
        }
    }

    /** One branch: its future, how its value is matched, and its handler. */
    private static final class Branch<R> {
        Future<Object> future; // I1
        final byte kind;
        final Object pattern; // Predicate (PREDICATE), Function to Optional (PATTERN), else null
        final Function<Object, ? extends R> handler;
        final DeferredWakeup<Future<?>, Context, Poll<?>> deferral; // I5: null for futures polled the plain way
        boolean enabled; // I2
        boolean unarmed; // I5
        boolean postponed; // I6
        Branch<R> next;

        Branch(Future<Object> future, byte kind, Object pattern, Function<Object, ? extends R> handler,
                boolean enabled, DeferredWakeup<Future<?>, Context, Poll<?>> deferral) {
            this.future = future;
            this.kind = kind;
            this.pattern = pattern;
            this.handler = handler;
            this.enabled = enabled;
            this.deferral = deferral;
        }
    }
}

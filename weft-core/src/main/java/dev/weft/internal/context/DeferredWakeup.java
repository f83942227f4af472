package dev.weft.internal.context;

/**
 * Polls a kind of future without arranging its wake-up, and arranges it afterwards: lets a combinator that polls
 * several futures and often completes at once ({@code Select}) skip arranging a wake-up it would cancel a moment
 * later. A {@code Sleep} is the case in point (its provider is installed by {@code dev.weft.time}): arranging its
 * wake-up means inserting a timer entry into the runtime's wheel under the driver's lock, and cancelling it
 * removes the entry under the lock again, on every iteration of a {@code select { recv, sleep }} loop whose
 * channel is rarely empty (Tokio pays the same; its {@code Sleep} registers at first poll).
 *
 * <p>The provider is an object outside the future so that no public type gains methods or supertypes from this
 * internal protocol. Protocol, for the one thread polling the future (the poll contract):
 * <ol>
 *   <li>{@link #pollDeferred} behaves as {@code Future.poll}, except that when it returns {@code Pending} it may
 *       not have arranged for {@code cx}'s waker to be woken.</li>
 *   <li>After a {@code Pending} from {@code pollDeferred}, the caller must, before its own poll returns
 *       {@code Pending}, either call {@link #armWakeup} with the same context or cancel the future. Completing
 *       (and cancelling the future) without arming is the point of the protocol.</li>
 *   <li>{@link #armWakeup} arranges the wake-up that the last {@code pollDeferred} skipped and wakes {@code cx}'s
 *       waker at once when the future has become ready in between, so the next poll sees it; it is a no-op
 *       when the wake-up is arranged already.</li>
 * </ol>
 * In addition, {@link #canPostpone} tells when a poll right now is certain to return {@code Pending} (the first
 * poll of {@code Time.sleep(d)} with {@code d > 0}), so a caller that polls several futures in an order of its
 * choosing may poll it after the others, and not at all when another completes first: a sleep that loses to a
 * ready branch then does not even read the clock (a {@code System.nanoTime} costs tens of nanoseconds on some
 * virtual machines).
 *
 * <p>A plain {@code Future.poll} keeps its full contract, so such futures work with every other caller.
 *
 * <p>The type parameters stand for {@code Future<?>}, {@code Context} and {@code Poll<?>}: this package imports
 * nothing of Weft's, so that {@code dev.weft.future} can use it without a package cycle (see package-info).
 *
 * @param <F> the future type ({@code Future<?>})
 * @param <C> the context type ({@code Context})
 * @param <P> the poll type ({@code Poll<?>})
 */
public abstract class DeferredWakeup<F, C, P> {
    /*
     * Implementation notes
     *
     * I1. `installed` is written once per provider class initialisation and read racily: a reader that sees
     *     null (or an older provider) just polls the plain way, which is always correct.
     */
    private static volatile DeferredWakeup<?, ?, ?> installed;

    /** For the one provider. */
    protected DeferredWakeup() {}

    /**
     * Installs the provider (the {@code Sleep} class does it once, when it is initialised).
     *
     * @param provider the provider
     */
    public static void install(DeferredWakeup<?, ?, ?> provider) {
        installed = provider;
    }

    /**
     * The provider that handles {@code future}, or null when it must be polled the plain way.
     *
     * @param future a future about to be polled by a combinator
     * @return the provider, or null
     */
    @SuppressWarnings("unchecked")
    public static <F, C, P> DeferredWakeup<F, C, P> of(F future) {
        DeferredWakeup<F, C, P> d = (DeferredWakeup<F, C, P>) installed; // I1: one provider, of Future/Context/Poll
        return d != null && d.handles(future) ? d : null;
    }

    /**
     * True when this provider handles {@code future}.
     *
     * @param future any future
     * @return whether {@link #pollDeferred} and {@link #armWakeup} may be called with it
     */
    protected abstract boolean handles(F future);

    /**
     * True when polling {@code future} now is certain to return {@code Pending}, so that the caller may poll it
     * after everything else it polls at this step (or, when something else completes first, cancel it without
     * polling it at all); polling it later changes nothing the future's contract promises.
     *
     * @param future a future this provider {@linkplain #handles handles}
     * @return whether its poll may be postponed
     */
    public abstract boolean canPostpone(F future);

    /**
     * Polls {@code future} without necessarily arranging a wake-up for a {@code Pending} result; see the
     * protocol in the class description.
     *
     * @param future a future this provider {@linkplain #handles handles}
     * @param cx the polling context
     * @return the poll, as {@code Future.poll} would return it
     */
    public abstract P pollDeferred(F future, C cx);

    /**
     * Arranges the wake-up skipped by the last {@link #pollDeferred} of {@code future} that returned
     * {@code Pending}; wakes {@code cx}'s waker at once when the future is ready by now.
     *
     * @param future the future
     * @param cx the context of that poll
     */
    public abstract void armWakeup(F future, C cx);
}

package dev.weft.service.http;

import dev.weft.future.CancelledException;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.function.Function;

/**
 * A future that completes with {@code inner}'s value, or with {@code onError} applied to {@code inner}'s
 * failure (Rust's {@code future.or_else(...)}); cancellation is not a failure and propagates unchanged.
 *
 * <p><b>Cancel safety:</b> as {@code inner}'s: cancelling this cancels {@code inner}.
 *
 * @param <T> the value
 */
public final class Recover<T> implements Future<T> {
    private final Future<T> inner;
    private final Function<Throwable, T> onError;

    private Recover(Future<T> inner, Function<Throwable, T> onError) {
        this.inner = inner;
        this.onError = onError;
    }

    /** {@code inner}, its failures mapped to values by {@code onError}. */
    public static <T> Future<T> of(Future<T> inner, Function<Throwable, T> onError) {
        return new Recover<>(inner, onError);
    }

    @Override
    public Poll<T> poll(Context cx) {
        try {
            return inner.poll(cx);
        } catch (CancelledException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // any failure, a checked one (SQLException) wrapped in AsyncException
            return Poll.ready(onError.apply(e));
        }
    }

    @Override
    public void cancel() {
        inner.cancel();
    }
}

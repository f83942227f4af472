package dev.weft.internal.time;

/**
 * Implemented by a runtime's ambient object (({@code Contexts.ambient(cx)})) when the runtime has
 * timers enabled: how a {@code Sleep}, {@code Interval} or {@code Timeout} finds its {@link TimeDriver}.
 *
 * <p>At its first poll a timer future does
 * {@snippet :
 * if (Contexts.ambient(cx) instanceof TimeSource ts) driver = ts.timeDriver();
 * else throw new IllegalStateException("... polled outside a Weft runtime with time enabled ...");
 * }
 * Async blocks propagate the ambient object of the context that first polled them, so
 * {@code Time.sleep(d).await()} inside an async block finds the same driver.
 */
public interface TimeSource {

    /** The timer driver of the runtime this ambient object belongs to; never {@code null}. */
    TimeDriver timeDriver();
}

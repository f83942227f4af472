package dev.weft.stream;

import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The TCK for {@link FlowAdapters#toPublisher(Stream, Handle)} over a stream whose every element waits on the
 * runtime's timer (a zero-length sleep every 16 elements, and a 1 ms one at element 3): subscribed from the TCK's
 * threads, outside the runtime.
 */
public class TimerStreamPublisherTck extends FlowPublisherVerification<Long> {
    private final WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("tck").build();

    public TimerStreamPublisherTck() {
        super(new TestEnvironment(FlowTckTest.TIMEOUT_MILLIS, FlowTckTest.NO_SIGNAL_MILLIS));
    }

    @AfterClass
    public void closeRuntime() {
        rt.close();
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        Stream<Long> timed = Streams.range(0, elements).then(i -> Time.sleep(
                i == 3 ? Duration.ofMillis(1) : Duration.ZERO).map(v -> i));
        return FlowAdapters.toPublisher(timed, rt.handle());
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return null; // see StreamPublisherTck
    }
}

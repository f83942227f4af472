package dev.weft.stream;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link FlowAdapters#toPublisher(Stream)} (a TestNG class, run by FlowTckTest).
 * {@link #createFailedFlowPublisher()} returns null (the TCK then skips rule 1.4's optional test): the publisher
 * learns that its stream failed only by polling it, which it does only on demand, and the TCK's rule 1.4 test
 * never requests.
 */
public class StreamPublisherTck extends FlowPublisherVerification<Long> {

    public StreamPublisherTck() {
        super(new TestEnvironment(FlowTckTest.TIMEOUT_MILLIS, FlowTckTest.NO_SIGNAL_MILLIS));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return FlowAdapters.toPublisher(Streams.range(0, elements));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return null;
    }
}

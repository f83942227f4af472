package dev.weft.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK for the subscriber side of {@link FlowAdapters#fromPublisher(Flow.Publisher, int)}:
 * each subscriber under test is a PublisherStream consumed by a virtual thread ({@code count().await()}), as an
 * application would consume it. The stream is given a publisher that does nothing, so the TCK's own
 * {@code onSubscribe} is the subscription. The consuming threads are interrupted after each test.
 */
public class PublisherStreamTck extends FlowSubscriberBlackboxVerification<Integer> {
    private final List<Thread> consumers = new CopyOnWriteArrayList<>();

    public PublisherStreamTck() {
        super(new TestEnvironment(FlowTckTest.TIMEOUT_MILLIS, FlowTckTest.NO_SIGNAL_MILLIS));
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        PublisherStream<Integer> s = new PublisherStream<>(subscriber -> {}, 4);
        consumers.add(Thread.ofVirtual().start(() -> {
            try {
                s.count().await();
            } catch (RuntimeException e) {
                // onError, or interrupted at the end of the test: both end the consumer
            }
        }));
        return s;
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    @AfterMethod
    public void stopConsumers() {
        consumers.forEach(Thread::interrupt);
        consumers.clear();
    }
}

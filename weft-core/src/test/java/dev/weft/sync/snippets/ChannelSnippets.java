package dev.weft.sync.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.sync.Broadcast;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Oneshot;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.sync's channel javadoc pulls in; each runs as a test. */
class ChannelSnippets {

    @Test
    void mpscBounded() throws Exception {
        // @start region=mpscBounded
        Mpsc.Channel<String> ch = Mpsc.bounded(16);
        Thread producer = Thread.ofPlatform().start(() -> {
            try (Mpsc.Sender<String> tx = ch.sender()) { // closing the last sender ends the stream
                for (int i = 0; i < 3; i++) tx.send("job-" + i).await(); // waits while the channel is full
            }
        });
        List<String> got = new ArrayList<>();
        for (Optional<String> job; (job = ch.receiver().recv().await()).isPresent(); ) got.add(job.get());
        assertThat(got).containsExactly("job-0", "job-1", "job-2");
        // @end
        producer.join();
    }

    @Test
    void mpscUnbounded() {
        // @start region=mpscUnbounded
        Mpsc.Channel<Integer> ch = Mpsc.unbounded();
        ch.sender().send(1).await(); // completes at once
        ch.sender().close();
        assertThat(ch.receiver().recv().await()).contains(1);
        assertThat(ch.receiver().recv().await()).isEmpty(); // closed and drained
        // @end
    }

    @Test
    void mpscTrySend() {
        // @start region=mpscTrySend
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        ch.sender().trySend("first");
        switch (ch.sender().trySend("second")) {
            case Mpsc.TrySend.Sent<String> s -> throw new AssertionError("capacity is 1");
            case Mpsc.TrySend.Full<String>(String back) -> assertThat(back).isEqualTo("second");
            case Mpsc.TrySend.Closed<String>(String back) -> throw new AssertionError("receiver is open");
        }
        // @end
    }

    @Test
    void mpscReserve() {
        // @start region=mpscReserve
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        Mpsc.Permit<String> permit = ch.sender().reserve().await(); // waits for a slot
        permit.send("reserved"); // never waits, never fails
        assertThat(ch.receiver().recv().await()).contains("reserved");
        // @end
    }

    @Test
    void oneshot() throws Exception {
        // @start region=oneshot
        Oneshot.Channel<Integer> ch = Oneshot.channel();
        Thread worker = Thread.ofPlatform().start(() -> ch.sender().send(6 * 7));
        assertThat(ch.receiver().await()).isEqualTo(42); // the receiver is the future
        // @end
        worker.join();
    }

    @Test
    void broadcast() {
        // @start region=broadcast
        Broadcast.Channel<String> ch = Broadcast.channel(8);
        Broadcast.Receiver<String> second = ch.sender().subscribe();
        ch.sender().send("hello");
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Message<>("hello"));
        assertThat(second.recv().await()).isEqualTo(new Broadcast.Recv.Message<>("hello"));
        // @end
    }

    @Test
    void watch() {
        // @start region=watch
        Watch.Channel<String> config = Watch.channel("v1");
        Watch.Receiver<String> rx = config.receiver();
        config.sender().send("v2");
        rx.changed().await(); // completes because v2 is newer than what rx has seen
        assertThat(rx.borrow()).isEqualTo("v2");
        // @end
    }

    @Test
    void mpscSendTimeout() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            rt.blockOn(dev.weft.future.Async.async(() -> {
                // @start region=mpscSendTimeout
                Mpsc.Channel<String> ch = Mpsc.bounded(1);
                ch.sender().trySend("fills the buffer");
                switch (ch.sender().sendTimeout("late", Duration.ofMillis(50)).await()) {
                    case Mpsc.SendTimeout.Sent<String> s -> throw new AssertionError("nobody received");
                    case Mpsc.SendTimeout.Elapsed<String>(String back) -> assertThat(back).isEqualTo("late");
                    case Mpsc.SendTimeout.Closed<String>(String back) -> throw new AssertionError("receiver open");
                }
                // @end
            }));
        }
    }

    @Test
    void broadcastTryRecv() {
        // @start region=broadcastTryRecv
        Broadcast.Channel<Integer> ch = Broadcast.channel(2);
        for (int i = 1; i <= 3; i++) ch.sender().send(i); // 1 is overwritten
        Broadcast.Receiver<Integer> rx = ch.receiver();
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Lagged<>(1));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(2));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(3));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Empty<>());
        // @end
    }

    @Test
    void watchClosed() throws Exception {
        // @start region=watchClosed
        Watch.Channel<Integer> ch = Watch.channel(0);
        Thread observer = Thread.ofPlatform().start(() -> ch.receiver().close()); // the only receiver leaves
        ch.sender().closed().await(); // completes once no receiver is open
        assertThat(ch.sender().send(1)).isEqualTo(new Watch.SendResult.Closed<>(1));
        // @end
        observer.join();
    }
}

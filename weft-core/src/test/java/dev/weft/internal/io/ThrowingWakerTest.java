package dev.weft.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.testkit.TestWaker;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A waker that throws (an Error included) when the I/O driver wakes it harms nobody: the worker running the
 * driver survives, keeps driving, and socket I/O on the runtime goes on.
 */
@Timeout(60)
class ThrowingWakerTest {

    /** Throws an Error from wake(), after counting the call. */
    private static TestWaker throwingWaker() {
        return TestWaker.throwing(() -> new AssertionError("deliberately thrown from wake()"));
    }

    /** Registers a pipe's read side on the polling runtime's driver with a throwing waker, then completes. */
    static final class RegisterThrowing implements Future<Registration> {
        final Pipe pipe;
        final Waker waker;

        RegisterThrowing(Pipe pipe, Waker waker) {
            this.pipe = pipe;
            this.waker = waker;
        }

        @Override
        public Poll<Registration> poll(Context cx) {
            IoDriver driver = ((IoSource) dev.weft.internal.future.Contexts.ambient(cx)).ioDriver();
            Registration reg = driver.register(pipe.source());
            reg.await(SelectionKey.OP_READ, waker);
            return Poll.ready(reg);
        }
    }

    /** Waits at a barrier of two (a test device), so two of them complete only on two live workers. */
    static final class AtBarrier implements Future<Thread> {
        final CyclicBarrier barrier;

        AtBarrier(CyclicBarrier barrier) {
            this.barrier = barrier;
        }

        @Override
        public Poll<Thread> poll(Context cx) {
            try {
                barrier.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other worker never came", e);
            }
            return Poll.ready(Thread.currentThread());
        }
    }

    @Test
    void ioDispatch_wakerThrowsAnError_workersSurviveAndSocketIoGoesOn() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).name("throwing-waker").build()) {
            Pipe pipe = Pipe.open();
            TestWaker waker = throwingWaker();
            Registration reg = rt.spawn(new RegisterThrowing(pipe, waker)).await();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertThat(waker.awaitWake(Duration.ofSeconds(10))).isTrue();
            reg.deregister();
            pipe.sink().close();
            pipe.source().close();

            // both workers still run tasks: two tasks that can only finish together
            for (int round = 0; round < 3; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                JoinHandle<Thread> a = rt.spawn(new AtBarrier(barrier));
                JoinHandle<Thread> b = rt.spawn(new AtBarrier(barrier));
                Set<Thread> ran = ConcurrentHashMap.newKeySet();
                ran.add(a.await());
                ran.add(b.await());
                assertThat(ran).hasSize(2);
            }

            // socket I/O still works on this runtime
            String reply = rt.blockOn(Async.async(() -> {
                try (TcpListener l = TcpListener.bind("127.0.0.1", 0)) {
                    JoinHandle<Void> server = rt.spawn(Async.async(() -> {
                        try (TcpStream s = l.accept().await()) {
                            ByteBuffer in = ByteBuffer.allocate(5);
                            s.readExact(in).await();
                            s.writeAll(in.flip()).await();
                        }
                        return null;
                    }));
                    try (TcpStream c = TcpStream.connect(l.localAddress()).await()) {
                        c.writeAll(ByteBuffer.wrap("alive".getBytes(StandardCharsets.UTF_8))).await();
                        ByteBuffer in = ByteBuffer.allocate(5);
                        c.readExact(in).await();
                        server.await();
                        return new String(in.array(), StandardCharsets.UTF_8);
                    }
                }
            }));
            assertThat(reply).isEqualTo("alive");
        }
    }

    @Test
    void deregister_wakerThrows_closingThreadIsNotHarmed() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Pipe pipe = Pipe.open();
            TestWaker waker = throwingWaker();
            Registration reg = rt.spawn(new RegisterThrowing(pipe, waker)).await();
            reg.deregister(); // wakes the throwing waker on this thread
            assertThat(waker.isWoken()).isTrue();
            assertThat(reg.isClosed()).isTrue();
            pipe.sink().close();
            pipe.source().close();
        }
    }
}

package dev.weft.sync.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.sync.Barrier;
import dev.weft.sync.BarrierWaitResult;
import dev.weft.sync.CancellationToken;
import dev.weft.sync.Mutex;
import dev.weft.sync.Notify;
import dev.weft.sync.OnceCell;
import dev.weft.sync.RwLock;
import dev.weft.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.sync's coordination javadoc pulls in; each runs as a test. */
class CoordinationSnippets {

    @Test
    void semaphore() throws Exception {
        // @start region=semaphore
        Semaphore connections = Semaphore.of(2); // at most 2 concurrent "connections"
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (Semaphore.Permit permit = connections.acquire().await()) { // waits its turn (FIFO)
                    maxInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                    inUse.decrementAndGet();
                } // closing the permit gives it back
            }));
        }
        for (Thread t : clients) t.join(Duration.ofSeconds(10));
        assertThat(maxInUse.get()).isLessThanOrEqualTo(2);
        assertThat(connections.availablePermits()).isEqualTo(2);
        // @end
    }

    @Test
    void mutex() throws Exception {
        // @start region=mutex
        Mutex<List<String>> log = Mutex.of(new ArrayList<>());
        try (Mutex.Guard<List<String>> guard = log.lock().await()) {
            guard.get().add("first");
        } // unlocked here
        try (Mutex.Guard<List<String>> guard = log.lock().await()) {
            guard.update(list -> {
                list.add("second");
                return list;
            });
            assertThat(guard.get()).containsExactly("first", "second");
        }
        // @end
    }

    @Test
    void rwlock() {
        // @start region=rwlock
        RwLock<String> config = RwLock.of("v1");
        try (RwLock.ReadGuard<String> a = config.read().await();
                RwLock.ReadGuard<String> b = config.read().await()) { // many readers at once
            assertThat(a.get()).isEqualTo(b.get());
            assertThat(config.tryWrite()).isEmpty(); // a writer must wait for them
        }
        try (RwLock.WriteGuard<String> w = config.write().await()) {
            w.set("v2");
        }
        assertThat(config.read().await().get()).isEqualTo("v2");
        // @end
    }

    @Test
    void notifyExample() throws Exception {
        // @start region=notify
        Notify dataReady = new Notify();
        List<String> mailbox = new CopyOnWriteArrayList<>();
        Thread consumer = Thread.ofPlatform().start(() -> {
            dataReady.notified().await(); // completes once notifyOne() was called, before or after
            assertThat(mailbox).containsExactly("hello");
        });
        mailbox.add("hello");
        dataReady.notifyOne(); // wakes the consumer, or leaves a permit if it is not waiting yet
        consumer.join(Duration.ofSeconds(10));
        // @end
        assertThat(consumer.isAlive()).isFalse();
    }

    @Test
    void barrier() throws Exception {
        // @start region=barrier
        Barrier barrier = new Barrier(3);
        AtomicInteger leaders = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                BarrierWaitResult r = barrier.waitAll().await(); // all three leave together
                if (r.leader()) leaders.incrementAndGet();
            }));
        }
        for (Thread t : workers) t.join(Duration.ofSeconds(10));
        assertThat(leaders).hasValue(1); // exactly one leader per generation
        // @end
    }

    @Test
    void onceCell() {
        // @start region=onceCell
        OnceCell<String> token = new OnceCell<>();
        AtomicInteger fetches = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            String t = token.getOrInit(() -> {
                fetches.incrementAndGet();
                return Futures.ready("secret-token"); // e.g. an async HTTP call
            }).await();
            assertThat(t).isEqualTo("secret-token");
        }
        assertThat(fetches).hasValue(1); // initialized once
        assertThat(token.get()).contains("secret-token");
        // @end
    }

    @Test
    void cancellationToken() throws Exception {
        // @start region=cancellationToken
        CancellationToken shutdown = new CancellationToken();
        CancellationToken request = shutdown.child(); // cancelled when shutdown is
        Thread worker = Thread.ofPlatform().start(() -> request.cancelled().await());
        try (CancellationToken.DropGuard scope = shutdown.child().cancelOnClose()) {
            assertThat(scope.token().isCancelled()).isFalse();
        } // closing the guard cancels that child (and drops it from shutdown's list)
        assertThat(shutdown.isCancelled()).isFalse(); // children never cancel their parent
        shutdown.cancel();
        worker.join(Duration.ofSeconds(10));
        assertThat(request.isCancelled()).isTrue();
        // @end
        assertThat(worker.isAlive()).isFalse();
    }
}

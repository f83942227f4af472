package dev.weft.runtime.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.runtime.Deadlock;
import dev.weft.runtime.WeftRuntime;
import dev.weft.runtime.TaskDump;
import dev.weft.runtime.TaskInfo;
import dev.weft.runtime.WaitInfo;
import dev.weft.sync.Mutex;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of the task dump and the deadlock detector that dev.weft.runtime's javadoc pulls in. */
@Timeout(60)
class DiagnosticsSnippets {

    @Test
    void dump() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).diagnostics(true).build()) {
            Mutex<Integer> counter = new Mutex<>(0);
            Oneshot.Channel<String> done = Oneshot.channel();
            // @start region=dump
            JoinHandle<Void> holder = rt.spawnAsync(() -> {
                try (Mutex.Guard<Integer> g = counter.lock().await()) {
                    done.receiver().await(); // holds the lock while it waits
                }
                return null;
            });
            while (rt.dump().task(holder.id()).map(t -> t.waitingOn().isEmpty()).orElse(true)) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // until the holder holds the lock
            }
            JoinHandle<Integer> waiter = rt.spawn(counter.lock().map(g -> {
                try (g) {
                    return g.get();
                }
            }));
            // ... later, from any thread:
            TaskDump dump = rt.dump();
            System.out.println(dump); // for people: one block per task, what it waits on, who holds it
            String json = dump.toJson(); // for tools
            // @end
            TaskDump seen = dump;
            while (seen.task(waiter.id()).map(t -> t.waitingOn().isEmpty()).orElse(true)) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
                seen = rt.dump();
            }
            WaitInfo wait = seen.task(waiter.id()).orElseThrow().waitingOn().get(0);
            assertThat(wait.kind()).isEqualTo(WaitInfo.ResourceKind.MUTEX);
            assertThat(wait.actors()).containsExactly(holder.id());
            assertThat(json).startsWith("{\"runtime\":");
            done.sender().send("go");
            assertThat(rt.blockOn(waiter)).isZero();
        }
    }

    @Test
    void detect() throws Exception {
        // @start region=detect
        LinkedBlockingQueue<Deadlock> found = new LinkedBlockingQueue<>();
        try (WeftRuntime rt = WeftRuntime.builder().name("app").detectDeadlocks(Duration.ofMillis(100))
                .captureSpawnSites(true).onDeadlock(found::add).build()) {
            Mutex<String> a = new Mutex<>("a");
            Mutex<String> b = new Mutex<>("b");
            Oneshot.Channel<Boolean> aHeld = Oneshot.channel();
            Oneshot.Channel<Boolean> bHeld = Oneshot.channel();
            JoinHandle<Void> t1 = rt.spawnAsync(() -> {
                try (var ga = a.lock().await()) {
                    aHeld.sender().send(true);
                    bHeld.receiver().await();
                    try (var gb = b.lock().await()) { // waits for t2, which waits for t1
                        return null;
                    }
                }
            });
            JoinHandle<Void> t2 = rt.spawnAsync(() -> {
                try (var gb = b.lock().await()) {
                    bHeld.sender().send(true);
                    aHeld.receiver().await();
                    try (var ga = a.lock().await()) {
                        return null;
                    }
                }
            });
            Deadlock d = found.poll(30, TimeUnit.SECONDS); // also logged at WARNING and recorded by JFR
            // @end
            assertThat(d).isNotNull();
            assertThat(d.taskIds()).containsExactlyInAnyOrder(t1.id(), t2.id());
            assertThat(d.tasks()).allMatch(t -> t.state() == TaskInfo.State.WAITING);
            t1.abort(); // t1 unwinds and unlocks a: t2 goes on
            rt.blockOn(t2);
        }
    }

    @Test
    void deadlock() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().diagnostics(true).build()) {
            Oneshot.Channel<JoinHandle<Integer>> handle = Oneshot.channel();
            // @start region=deadlock
            // a task that receives its own join handle and awaits it: a one-task cycle
            JoinHandle<Integer> self = rt.spawnAsync(() -> handle.receiver().await().await());
            handle.sender().send(self);
            Deadlock d = null;
            while (d == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
                TaskDump dump = rt.dump();
                if (!dump.deadlocks().isEmpty()) d = dump.deadlocks().get(0);
            }
            System.out.println(d); // "Weft deadlock in runtime '...': a task waits on itself (task-N) ..."
            // @end
            assertThat(d.taskIds()).containsExactly(self.id());
            assertThat(d.edges().get(0).waitsOn().kind()).isEqualTo(WaitInfo.ResourceKind.JOIN_HANDLE);
            self.abort(); // the task itself polls its handle, so we wait for it to go rather than await the handle
            while (!self.isFinished()) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}

package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Select;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cancel safety of {@code recv()} in a {@code select} against a timer, when the message arrives at exactly the
 * instant the timer fires: on a paused current-thread runtime a task sends the message at the timer's deadline,
 * and the select races {@code rx.recv()} against {@code Time.sleep} to the same deadline, many times, in every
 * branch order. Whichever branch wins, the message is delivered exactly once: when the timer wins, the losing
 * {@code recv()} was cancelled without consuming it, so the next {@code recv()} returns it.
 */
class RecvCancelSafetyTest {

    private static final int ROUNDS = 300;
    private static final Duration TICK = Duration.ofMillis(10);

    @Test
    void mpscRecv_losingToATimerAtTheSameInstant_neverLosesNorDuplicatesTheMessage() {
        int[] wins = new int[2]; // [recv, timer]
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            rt.blockOn(Async.async(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
                    int value = i;
                    JoinHandle<Mpsc.TrySend<Integer>> sender =
                            Tasks.spawn(Time.sleep(TICK).map(v -> ch.sender().trySend(value)));
                    Select<String> select = Select.<String>select();
                    if (i % 3 == 0) select = select.biased(); // declaration order: recv first
                    if (i % 3 == 1) {
                        select = select.biased()
                                .on(Time.sleep(TICK), v -> "timer")
                                .on(ch.receiver().recv(), m -> "recv:" + m.orElseThrow());
                    } else {
                        select = select
                                .on(ch.receiver().recv(), m -> "recv:" + m.orElseThrow())
                                .on(Time.sleep(TICK), v -> "timer");
                    }
                    String outcome = select.await();
                    assertThat(sender.await()).isEqualTo(new Mpsc.TrySend.Sent<>());
                    if (outcome.equals("timer")) {
                        wins[1]++;
                        assertThat(ch.receiver().recv().await()).as("round %d: recv lost the race", i)
                                .contains(value); // still in the channel
                    } else {
                        wins[0]++;
                        assertThat(outcome).isEqualTo("recv:" + value);
                    }
                    assertThat(ch.receiver().tryRecv()).as("round %d: no second delivery", i)
                            .isEqualTo(new Mpsc.TryRecv.Empty<>());
                }
            }));
        }
        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
        assertThat(wins[1]).as("the timer branch won in some rounds").isPositive();
    }

    @Test
    void broadcastRecv_losingToATimerAtTheSameInstant_neverLosesNorDuplicatesTheMessage() {
        int[] wins = new int[2];
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            rt.blockOn(Async.async(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Broadcast.Channel<Integer> ch = Broadcast.channel(2);
                    int value = i;
                    JoinHandle<Broadcast.SendResult<Integer>> sender =
                            Tasks.spawn(Time.sleep(TICK).map(v -> ch.sender().send(value)));
                    Select<String> select = Select.<String>select();
                    if (i % 2 == 0) select = select.biased();
                    String outcome = select
                            .on(ch.receiver().recv(), r -> "recv:" + r)
                            .on(Time.sleep(TICK), v -> "timer")
                            .await();
                    assertThat(sender.await()).isEqualTo(new Broadcast.SendResult.Sent<>(1));
                    Broadcast.Recv<Integer> expected = new Broadcast.Recv.Message<>(value);
                    if (outcome.equals("timer")) {
                        wins[1]++;
                        assertThat(ch.receiver().recv().await()).isEqualTo(expected);
                    } else {
                        wins[0]++;
                        assertThat(outcome).isEqualTo("recv:" + expected);
                    }
                    assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Empty<>());
                }
            }));
        }
        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
        assertThat(wins[1]).isPositive();
    }

    @Test
    void oneshotRecv_awaitedThroughATimeout_atTheSameInstant_deliversExactlyOnce() {
        // A oneshot receiver is consumed by its poll, so racing it against a timer by value would drop it
        // (Rust's drop): race a by-reference view instead and check the value is still there after a loss.
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            rt.blockOn(Async.async(() -> {
                for (int i = 0; i < ROUNDS / 3; i++) {
                    Oneshot.Channel<Integer> ch = Oneshot.channel();
                    int value = i;
                    Tasks.spawn(Time.sleep(TICK).map(v -> ch.sender().send(value)));
                    String outcome = Select.<String>select()
                            .on(dev.weft.future.Futures.byRef(ch.receiver()), v -> "recv:" + v)
                            .on(Time.sleep(TICK), v -> "timer")
                            .await();
                    if (outcome.equals("timer")) {
                        assertThat(ch.receiver().await()).isEqualTo(value);
                    } else {
                        assertThat(outcome).isEqualTo("recv:" + value);
                        assertThat(ch.receiver().tryRecv()).isEqualTo(new Oneshot.TryRecv.Closed<>());
                    }
                }
            }));
        }
    }
}

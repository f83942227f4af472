/**
 * Channels and coordination primitives for tasks: Tokio's {@code tokio::sync} (plus tokio-util's
 * {@code CancellationToken}).
 *
 * <p>Every primitive here is written against {@code dev.weft.future} only, so it works under any executor:
 * Weft's runtime, a hand-rolled poll loop, or {@code future.await()} from a plain thread. The one exception is
 * {@link dev.weft.sync.Mpsc.Sender#sendTimeout}, whose timer needs the polling runtime's clock when it has to
 * wait.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A plain verb ({@code send}, {@code recv}, {@code acquire}, {@code lock}) returns a lazy {@code Future};
 *       a {@code try} prefix never waits; a {@code poll} prefix is the {@code Context}-taking form for
 *       combinator and stream authors.</li>
 *   <li>Protocol outcomes are sealed results whose records carry what the caller needs, e.g. the unsent value
 *       ({@code Mpsc.TrySend.Full(value)}) or how far a receiver lagged ({@code Broadcast.Recv.Lagged(n)}).</li>
 *   <li>Java has no destructors, so ends and guards are closed explicitly ({@code close()}, try-with-resources),
 *       and a future that will never be polled again is {@code cancel()}led: every future-returning method
 *       documents its <b>cancel safety</b>, i.e. what is lost when it is cancelled before completing.</li>
 *   <li>Every factory of a channel is named {@code channel} and returns the primitive's {@code Channel} record
 *       of two ends ({@code Oneshot.channel()}, {@code Broadcast.channel(capacity)},
 *       {@code Watch.channel(initial)}), as in Tokio; {@code Mpsc}, the one channel with two flavours, names the
 *       flavour: {@code Mpsc.bounded(capacity)} and {@code Mpsc.unbounded()}. There is no capacity 0 (a
 *       rendezvous channel): the error says what to use instead.</li>
 *   <li>Resources that can be ready again and again (receive, acquire, lock) spend one unit of the task's
 *       cooperative budget per completion, so a hot loop over them still yields.</li>
 * </ul>
 *
 * <h2>How a channel reports "closed"</h2>
 * One rule for every channel: <b>closed is a value wherever the result can hold one, and a
 * {@link dev.weft.sync.ChannelClosedException} only where it cannot.</b>
 * <ol>
 *   <li>Methods that never wait ({@code try*}, and {@code send} on {@code Oneshot}, {@code Broadcast} and
 *       {@code Watch}) return a sealed result whose closed case is always a record named {@code Closed}, holding
 *       the undelivered value when there is one: {@code Mpsc.TrySend.Closed(value)},
 *       {@code Mpsc.TryRecv.Closed()}, {@code Oneshot.SendResult.Closed(value)}, {@code Oneshot.TryRecv.Closed()},
 *       {@code Broadcast.SendResult.Closed(value)}, {@code Broadcast.TryRecv.Closed()},
 *       {@code Watch.SendResult.Closed(value)}.</li>
 *   <li>Waiting futures whose value can say it complete normally: {@code Mpsc.Receiver.recv()} with
 *       {@code Optional.empty()} (Tokio's {@code None}, what {@code Select.onSome} matches),
 *       {@code Broadcast.Receiver.recv()} with {@code Recv.Closed}, {@code Mpsc.Sender.sendTimeout} with
 *       {@code SendTimeout.Closed(value)}.</li>
 *   <li>Waiting futures whose value is the payload itself or nothing fail with a
 *       {@link dev.weft.sync.ChannelClosedException}: {@link dev.weft.sync.SendException} (carrying the value)
 *       from {@code Mpsc.Sender.send} and {@code reserve}, {@link dev.weft.sync.RecvException} from awaiting a
 *       {@code Oneshot.Receiver} and from {@code Watch.Receiver.changed()}.</li>
 * </ol>
 * Closing is about the other side: a handle's own misuse after it was closed ({@code send} on a closed
 * {@code Sender} handle) is an {@link IllegalStateException}, never "closed".
 *
 * <h2>Which primitive do I need?</h2>
 * <table class="striped">
 *   <caption>Situation, Weft primitive, Tokio equivalent</caption>
 *   <thead>
 *     <tr><th scope="col">Situation</th><th scope="col">Weft</th><th scope="col">Tokio</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>Many producers hand work to one consumer, with backpressure</td>
 *         <td>{@link dev.weft.sync.Mpsc#bounded(int)}</td><td>{@code mpsc::channel}</td></tr>
 *     <tr><td>Many producers, one consumer, producers must never wait</td>
 *         <td>{@link dev.weft.sync.Mpsc#unbounded()}</td><td>{@code mpsc::unbounded_channel}</td></tr>
 *     <tr><td>Send, but give up after a while and get the value back</td>
 *         <td>{@link dev.weft.sync.Mpsc.Sender#sendTimeout}</td><td>{@code Sender::send_timeout}</td></tr>
 *     <tr><td>Reply to one request with one value (request/response)</td>
 *         <td>{@link dev.weft.sync.Oneshot}</td><td>{@code oneshot::channel}</td></tr>
 *     <tr><td>Every subscriber sees every event (fan-out, with explicit lag)</td>
 *         <td>{@link dev.weft.sync.Broadcast}</td><td>{@code broadcast::channel}</td></tr>
 *     <tr><td>Many observers of the latest value (configuration, state); intermediate values may be skipped</td>
 *         <td>{@link dev.weft.sync.Watch}</td><td>{@code watch::channel}</td></tr>
 *     <tr><td>Limit concurrency (connection pool, rate of work in flight), fair FIFO</td>
 *         <td>{@link dev.weft.sync.Semaphore}</td><td>{@code Semaphore}</td></tr>
 *     <tr><td>Exclusive access to shared mutable state across awaits (eventually fair: barging, direct
 *         hand-off to a waiter that has been the oldest for 0.5 ms)</td>
 *         <td>{@link dev.weft.sync.Mutex}</td><td>{@code Mutex}</td></tr>
 *     <tr><td>Many readers or one writer across awaits (writer-preferring, fair)</td>
 *         <td>{@link dev.weft.sync.RwLock}</td><td>{@code RwLock}</td></tr>
 *     <tr><td>Wake one or all waiting tasks with no data attached</td>
 *         <td>{@link dev.weft.sync.Notify}</td><td>{@code Notify}</td></tr>
 *     <tr><td>N tasks wait until all N arrived, then go on together (one is the leader)</td>
 *         <td>{@link dev.weft.sync.Barrier} ({@link dev.weft.sync.BarrierWaitResult})</td>
 *         <td>{@code Barrier} ({@code BarrierWaitResult})</td></tr>
 *     <tr><td>Initialise a value once, asynchronously, however many tasks ask</td>
 *         <td>{@link dev.weft.sync.OnceCell}</td><td>{@code OnceCell}</td></tr>
 *     <tr><td>Ask a tree of tasks to stop (graceful shutdown), with child tokens</td>
 *         <td>{@link dev.weft.sync.CancellationToken}</td><td>{@code tokio_util::sync::CancellationToken}</td></tr>
 *     <tr><td>Catch "closed" from any channel in one place</td>
 *         <td>{@link dev.weft.sync.ChannelClosedException}</td><td>(the two errors below)</td></tr>
 *     <tr><td>A channel send failed because the receiver is gone (the value is in the exception)</td>
 *         <td>{@link dev.weft.sync.SendException}</td><td>{@code SendError<T>}</td></tr>
 *     <tr><td>No value will ever arrive: oneshot or watch sender closed</td>
 *         <td>{@link dev.weft.sync.RecvException}</td><td>{@code RecvError}</td></tr>
 *     <tr><td>Acquiring from a closed semaphore</td>
 *         <td>{@link dev.weft.sync.SemaphoreClosedException}</td><td>{@code AcquireError}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Rules of thumb: prefer a channel to a lock when tasks only hand data to each other; prefer
 * {@code Mpsc} + {@code Oneshot} (an actor owning the state, answering requests) to a {@code Mutex} held across
 * long awaits; use {@code Watch} rather than {@code Broadcast} when only the latest value matters; use
 * {@code Notify} to build your own primitive.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;

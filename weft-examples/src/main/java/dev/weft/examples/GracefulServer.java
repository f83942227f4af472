package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Select;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.signal.Signals;
import dev.weft.sync.CancellationToken;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskTracker;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that shuts down gracefully on ctrl-c or SIGTERM: stop accepting, let in-flight connections
 * finish up to a deadline, then cancel the rest. The shape of a Tokio server with tokio-util's
 * {@code CancellationToken} and {@code TaskTracker}:
 *
 * <pre>{@code
 * let shutdown = async {
 *     tokio::select! { _ = signal::ctrl_c() => {}, _ = sigterm.recv() => {} }
 * };
 * tokio::pin!(shutdown);
 * loop {
 *     tokio::select! {
 *         _ = &mut shutdown => break,                       // stop accepting
 *         Ok((socket, _)) = listener.accept() => {
 *             let token = token.child_token();
 *             tracker.spawn(handle(socket, token));          // slow work per request, then respond
 *         }
 *     }
 * }
 * drop(listener);
 * tracker.close();
 * if timeout(Duration::from_secs(1), tracker.wait()).await.is_err() {
 *     token.cancel();                                        // deadline passed: abort the rest
 *     tracker.wait().await;
 * }
 * }</pre>
 *
 * <p><b>The shutdown trigger</b> is a {@code Future<Void>} handed to {@link #serve}: in a real server the
 * {@link Select} of {@link Signals#ctrlC()} and {@link Signals#terminate()} ({@link #ctrlCOrTerminate()}; run
 * {@code GracefulServer} with {@code --signals} to wait for them). So that {@code ./weft example
 * graceful-server} ends by itself, and the tests run on the paused clock without sending SIGINT to their JVM,
 * {@link #run} injects a timer instead: it fires 1 s after the third request has arrived, and says so.
 *
 * <p><b>The scenario.</b> Three clients each send one request, {@code work 1500}, {@code work 1500} and
 * {@code work 10000}: the handler sleeps that many milliseconds (the slow work) unless its token is cancelled
 * first, then answers. Shutdown comes at 1 s, when all three are in flight; the deadline is 1 s later, at 2 s:
 * the two 1.5 s requests have finished, the 10 s one is cancelled and told so. The output is the same on the
 * real and the paused clock (the margins are half a second; on the paused clock a blocking task holds time still
 * until the server has read all three requests, see {@link #run(PrintStream, Clock, boolean)}).
 */
public final class GracefulServer implements Example {

    static final List<Integer> WORK_MILLIS = List.of(1500, 1500, 10_000);
    static final Duration SIGNAL_AFTER = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "graceful-server";
    }

    @Override
    public String summary() {
        return "Networking: a TCP server that drains in-flight connections on ctrl-c/SIGTERM, up to a deadline";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        run(out, clock, false);
    }

    /**
     * Runs the scenario; with {@code realSignals} the shutdown trigger is ctrl-c or SIGTERM, otherwise a timer
     * 1 s after the third request arrived.
     */
    void run(PrintStream out, Clock clock, boolean realSignals) {
        clock.main(() -> {
            try (TcpListener listener =
                    TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                // Counted down by the server as it reads each request. A blocking task waits for it: while blocking
                // work is in flight a paused clock does not auto-advance, so no timer can fire while a request is
                // still crossing the loopback (the kernel may hold it for a moment where no runtime can see it).
                CountDownLatch arrived = new CountDownLatch(WORK_MILLIS.size());
                JoinHandle<Boolean> allArrived =
                        Tasks.spawnBlocking(() -> arrived.await(10, TimeUnit.SECONDS)); // holds a paused clock
                Future<Void> shutdown;
                if (realSignals) {
                    shutdown = ctrlCOrTerminate(); // subscribes now, before the work it guards
                    out.println("server running: press ctrl-c (or send SIGTERM) to shut it down");
                } else {
                    // A timer task stands in for the signal and completes the trigger by cancelling a token. (Not an
                    // async block as the trigger itself: an ending block counts itself idle before it wakes its
                    // awaiter, and in that gap a paused clock can jump to the next timer; see the report to core.)
                    CancellationToken simulated = new CancellationToken();
                    shutdown = simulated.cancelled();
                    Tasks.spawn(Async.async(() -> {
                        allArrived.await();
                        Time.sleep(SIGNAL_AFTER).await();
                        out.println("shutdown signal (simulated: this run signals itself "
                                + SIGNAL_AFTER.toMillis() + " ms after the last request arrived;"
                                + " run GracefulServer --signals to wait for ctrl-c or SIGTERM)");
                        simulated.cancel();
                    }));
                }

                List<JoinHandle<String>> clients = new ArrayList<>();
                for (int ms : WORK_MILLIS) clients.add(Tasks.spawn(client(listener.localAddress(), ms)));

                Stats stats = serve(listener, shutdown, arrived::countDown, out);
                out.println(stats.finished() + " finished, " + stats.aborted() + " aborted");

                for (int i = 0; i < clients.size(); i++) {
                    out.println("client " + (i + 1) + " (work " + WORK_MILLIS.get(i) + " ms): "
                            + clients.get(i).await());
                }
            }
        });
    }

    /** How the connections in flight at shutdown ended. */
    record Stats(int finished, int aborted) {}

    /** A real server's shutdown trigger: the first of ctrl-c (SIGINT) and SIGTERM. */
    static Future<Void> ctrlCOrTerminate() {
        return Select.<Void>select()
                .on(Signals.ctrlC(), ignored -> null)
                .on(Signals.terminate(), ignored -> null);
    }

    /**
     * The server, run in the calling async block: accepts until {@code shutdown} completes, each connection a
     * tracked task ({@code onRequest} runs as each request is read); then drains them with a {@link #GRACE} deadline and cancels the rest.
     */
    static Stats serve(TcpListener listener, Future<Void> shutdown, Runnable onRequest, PrintStream out) {
        CancellationToken token = new CancellationToken();
        TaskTracker tracker = new TaskTracker();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger aborted = new AtomicInteger();
        Future<Void> signal = Futures.byRef(shutdown); // survives losing each select to an accept
        while (true) {
            TcpStream socket = Select.<TcpStream>select()
                    .on(signal, ignored -> null)
                    .on(listener.accept(), s -> s)
                    .await();
            if (socket == null) break;
            CancellationToken mine = token.child();
            tracker.spawn(Async.async(() -> {
                try (socket) {
                    int ms = Integer.parseInt(readLine(socket).substring("work ".length()));
                    onRequest.run();
                    boolean done = Select.<Boolean>select()
                            .on(Time.sleep(Duration.ofMillis(ms)), ignored -> true) // the slow work
                            .on(mine.cancelled(), ignored -> false)
                            .await();
                    (done ? finished : aborted).incrementAndGet();
                    String reply = done ? "done after " + ms + " ms" : "aborted: server shutting down";
                    socket.writeAll(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8))).await();
                }
            }));
        }
        listener.close();
        tracker.close();
        out.println("stopped accepting; waiting up to " + GRACE.toMillis() + " ms for " + tracker.len()
                + " connection(s) in flight");
        try {
            Time.timeout(GRACE, tracker.waitAll()).await();
        } catch (TimeoutElapsedException e) {
            // (no count here: a handler that finished its work may still be writing its answer)
            out.println("deadline passed: cancelling the connections still running");
            token.cancel();
            tracker.waitAll().await();
        }
        return new Stats(finished.get(), aborted.get());
    }

    /** A client: sends {@code work <ms>} and returns the server's answer. */
    static Future<String> client(InetSocketAddress addr, int ms) {
        return Async.async(() -> {
            try (TcpStream stream = TcpStream.connect(addr).await()) {
                stream.writeAll(ByteBuffer.wrap(("work " + ms + "\n").getBytes(StandardCharsets.UTF_8))).await();
                return readLine(stream);
            }
        });
    }

    /** Reads up to the first newline (or end of stream), one read at a time: TCP does not keep message edges. */
    static String readLine(TcpStream stream) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1);
        while (stream.read(buf.clear()).await() > 0) {
            if (buf.get(0) == '\n') break;
            line.write(buf.get(0));
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        new GracefulServer().run(System.out, Clock.REAL, args.length > 0 && args[0].equals("--signals"));
    }
}

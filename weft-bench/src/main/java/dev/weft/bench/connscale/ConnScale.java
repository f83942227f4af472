package dev.weft.bench.connscale;

import dev.weft.bench.Probes;
import dev.weft.net.TcpListener;
import dev.weft.runtime.WeftRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection-scale benchmark (issue 6): a Weft server (2-worker runtime, a {@link TcpListener} and one
 * poll-based {@link IdleEcho} task per connection) holds as many concurrent idle loopback TCP connections as the
 * process's open-files limit allows, exchanges one 64-byte message on each, and reports Java heap and RSS per
 * idle connection and their linear projection to 100,000 connections.
 *
 * <p>Run with {@code ./weft bench --conn-scale [--connections n] [--clients n] [--timeout s]}. The open-files
 * limit is read from {@code /proc/self/limits} at run time; the default connection count is that limit minus
 * {@value #HEADROOM} (the JVM's own descriptors: jars, selector, pipes). The clients run in {@code --clients}
 * child JVMs ({@link ConnScaleClient}, default 3), client {@code i} bound to source address {@code 127.0.0.(2+i)},
 * so neither their descriptors nor their ephemeral ports count against the server.
 *
 * <p>Heap is the used heap after {@code System.gc()} (twice) and RSS is VmRSS, each read once before the first
 * connection is accepted and once after every connection was accepted, echoed its message and went idle; the
 * per-connection figure is the difference divided by the connection count. Any failed connect, wrong echo or
 * server-side error fails the run ({@link ConnScaleFailed}, exit status 1).
 *
 * <p><b>H7, idle HTTP keep-alive connections</b> ({@code --http}, shared/WORKLOADS.md): the server is weft-http's
 * {@code HttpServer} ({@link IdleHttp}: one poll-based connection task per connection, as in production) answering
 * {@code GET /plaintext} from a poll-based service ({@code --impl weft-poll}) or an async-block handler
 * ({@code weft-async}); each client connection sends one request, checks the response and keeps the connection
 * open, so what is measured is the server's cost of an idle keep-alive connection waiting for its next request.
 * The TSV's first column is then {@code H7_idle_http_conns}.
 *
 * <p>Output: a readable summary on stderr and one TSV line on stdout in the harness's format
 * {@code conn_scale weft-poll <ms to open and echo all> <heap B/conn> B/conn <notes>}.
 */
public final class ConnScale {
    private ConnScale() {}

    /** The size of the one message each connection exchanges. */
    public static final int MESSAGE_BYTES = 64;
    /** The implementation names (the TSV's impl column). */
    public static final String POLL = "weft-poll", ASYNC = "weft-async";
    /** Descriptors left to the server JVM itself when the connection count is derived from the limit. */
    public static final int HEADROOM = 500;
    /** The target of issue 6: at most this much Java heap per idle connection. */
    public static final long TARGET_HEAP_BYTES_PER_CONNECTION = 4096;
    /** The connection count the readings are projected to. */
    public static final int PROJECTED_CONNECTIONS = 100_000;
    /** The server's listen backlog (the kernel caps it at net.core.somaxconn). */
    static final int BACKLOG = 65_535;

    /**
     * What to run.
     *
     * @param connections the connection count, or 0 for the open-files limit minus {@link #HEADROOM}
     * @param clients the number of client processes (1..250)
     * @param timeoutSeconds the deadline for opening and echoing every connection, and again for closing them
     * @param impl {@code weft-poll} (one poll-based {@link IdleEcho} task per connection) or {@code weft-async}
     *        (one {@link AsyncIdleEcho} async block per connection); with {@code http}, the weft-http server's
     *        poll-based connection task either way, serving a poll-based service ({@code weft-poll}) or an
     *        async-block handler ({@code weft-async})
     * @param http H7: idle HTTP keep-alive connections ({@link IdleHttp}) instead of raw TCP echoes
     */
    public record Config(int connections, int clients, long timeoutSeconds, String impl, boolean http) {
        /** Validates the ranges. */
        public Config {
            if (!impl.equals(POLL) && !impl.equals(ASYNC)) {
                throw new IllegalArgumentException("impl: " + impl + " (expected: " + POLL + " or " + ASYNC + ")");
            }
            if (connections < 0) throw new IllegalArgumentException("connections: " + connections + " (expected: >= 0)");
            if (clients < 1 || clients > 250) {
                throw new IllegalArgumentException("clients: " + clients + " (expected: 1..250)");
            }
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("timeoutSeconds: " + timeoutSeconds + " (expected: >= 1)");
            }
        }

        /** The defaults of the full-size run: as many connections as the limit allows, 3 client processes. */
        public static Config fullSize() {
            return new Config(0, 3, 600, POLL);
        }

        /** A raw-TCP run (64-byte echo per connection). */
        public Config(int connections, int clients, long timeoutSeconds, String impl) {
            this(connections, clients, timeoutSeconds, impl, false);
        }

        /** The poll-based server with the given sizes. */
        public Config(int connections, int clients, long timeoutSeconds) {
            this(connections, clients, timeoutSeconds, POLL);
        }
    }

    /**
     * The readings of one run.
     *
     * @param openFilesLimit the soft open-files limit read from /proc/self/limits (-1 when unreadable)
     * @param connections connections held at once
     * @param clients client processes
     * @param roundTrips round trips the clients saw succeed (equal to {@code connections} in a passing run)
     * @param heapBefore heap used after GC before the first accept
     * @param heapAfter heap used after GC with every connection idle
     * @param rssBefore VmRSS before the first accept
     * @param rssAfter VmRSS with every connection idle
     * @param establishMs milliseconds from starting the clients to every echo done
     * @param impl {@link #POLL} or {@link #ASYNC}
     */
    public record Result(String impl, long openFilesLimit, int connections, int clients, long roundTrips, long heapBefore,
                         long heapAfter, long rssBefore, long rssAfter, double establishMs, boolean http) {
        /** A raw-TCP result. */
        public Result(String impl, long openFilesLimit, int connections, int clients, long roundTrips, long heapBefore,
                      long heapAfter, long rssBefore, long rssAfter, double establishMs) {
            this(impl, openFilesLimit, connections, clients, roundTrips, heapBefore, heapAfter, rssBefore, rssAfter,
                    establishMs, false);
        }

        /** The first TSV column: {@code conn_scale}, or {@code H7_idle_http_conns} for HTTP. */
        public String id() {
            return http ? "H7_idle_http_conns" : "conn_scale";
        }

        /** Java heap per idle connection in bytes. */
        public double heapPerConnection() {
            return (double) (heapAfter - heapBefore) / connections;
        }

        /** RSS per idle connection in bytes. */
        public double rssPerConnection() {
            return (double) (rssAfter - rssBefore) / connections;
        }

        /** The heap the connections alone would take at {@link #PROJECTED_CONNECTIONS}, in bytes. */
        public double projectedHeap() {
            return heapPerConnection() * PROJECTED_CONNECTIONS;
        }

        /** The RSS the connections alone would take at {@link #PROJECTED_CONNECTIONS}, in bytes. */
        public double projectedRss() {
            return rssPerConnection() * PROJECTED_CONNECTIONS;
        }

        /** Whether the heap per idle connection is within {@link #TARGET_HEAP_BYTES_PER_CONNECTION}. */
        public boolean targetMet() {
            return heapPerConnection() <= TARGET_HEAP_BYTES_PER_CONNECTION;
        }

        /** The TSV line {@code conn_scale weft-poll ms heap-B/conn B/conn notes} ({@link #id()} first). */
        public String tsv() {
            return String.format(Locale.ROOT,
                    "%s\t%s\t%.1f\t%.1f\tB/conn\tRSS %.0f B/conn; %d connections (open-files limit %d,"
                            + " %d client processes); projected to %d: heap %.1f MiB, RSS %.1f MiB (plus baseline"
                            + " heap %.1f MiB, RSS %.1f MiB); target <= %d B/conn heap: %s; ms = open and %s",
                    id(), impl, establishMs, heapPerConnection(), rssPerConnection(), connections, openFilesLimit, clients,
                    PROJECTED_CONNECTIONS, mib(projectedHeap()), mib(projectedRss()), mib(heapBefore), mib(rssBefore),
                    TARGET_HEAP_BYTES_PER_CONNECTION, targetMet() ? "met" : "NOT met",
                    http ? "answer one GET /plaintext on each (keep-alive), then idle" : "echo all");
        }

        /** The readable summary. */
        public String summary() {
            return String.format(Locale.ROOT, """
                    %s %s (2 workers, one %s per connection)
                      open-files limit (/proc/self/limits): %d
                      connections held at once:            %d (%d client processes), %d round trips OK
                      open and %s:                   %.1f ms
                      heap after GC:                       %.1f MiB -> %.1f MiB
                      RSS (VmRSS):                         %.1f MiB -> %.1f MiB
                      heap per idle connection:            %.1f B  (target <= %d B: %s)
                      RSS per idle connection:             %.1f B
                      projected to %d connections:     heap %.1f MiB, RSS %.1f MiB (plus the baseline above)
                    """, id(), impl, http
                            ? (impl.equals(POLL) ? "weft-http connection task, poll-based service"
                                    : "weft-http connection task, async-block handler")
                            : impl.equals(POLL) ? "poll-based IdleEcho task" : "AsyncIdleEcho async block",
                    openFilesLimit, connections, clients, roundTrips, http ? "1 request" : "echo all", establishMs, mib(heapBefore),
                    mib(heapAfter), mib(rssBefore), mib(rssAfter), heapPerConnection(),
                    TARGET_HEAP_BYTES_PER_CONNECTION, targetMet() ? "met" : "NOT met", rssPerConnection(),
                    PROJECTED_CONNECTIONS, mib(projectedHeap()), mib(projectedRss()));
        }

        private static double mib(double bytes) {
            return bytes / (1024.0 * 1024.0);
        }
    }

    /** The run failed: a connection failed, an echo was wrong, the server hit an error, or a deadline passed. */
    public static final class ConnScaleFailed extends RuntimeException {
        ConnScaleFailed(String message) {
            super(message);
        }
    }

    /** Server-side errors: counted, the first kept for the message. Thread-safe. */
    static final class Errors {
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicReference<String> first = new AtomicReference<>();

        void record(String what) {
            count.incrementAndGet();
            first.compareAndSet(null, what);
        }

        void check(String phase) {
            if (count.get() > 0) {
                throw new ConnScaleFailed(phase + ": " + count.get() + " server-side errors; first: " + first.get());
            }
        }
    }

    /** The server child's marker option and its result line's prefix on stdout. */
    static final String SERVER_OPTION = "--server-process", RESULT_PREFIX = "CONN-SCALE-RESULT\t";

    /**
     * Entry point of {@code ./weft bench --conn-scale [--connections n] [--clients n] [--timeout s]}: runs the
     * server in a fresh child JVM ({@link #runInChild}), prints the summary on stderr and the TSV line on stdout;
     * after a failure prints a FAIL line and exits 1.
     */
    public static void main(String[] args) {
        boolean server = java.util.Arrays.asList(args).contains(SERVER_OPTION);
        Config c = parse(args);
        try {
            if (server) {
                Result r = run(c);
                System.out.println(RESULT_PREFIX + r.impl() + '\t' + r.openFilesLimit() + '\t' + r.connections() + '\t' + r.clients()
                        + '\t' + r.roundTrips() + '\t' + r.heapBefore() + '\t' + r.heapAfter() + '\t' + r.rssBefore()
                        + '\t' + r.rssAfter() + '\t' + r.establishMs() + '\t' + r.http());
            } else {
                Result r = runInChild(c);
                System.err.print(r.summary());
                System.out.println(r.tsv());
            }
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            if (!server) {
                System.out.println((c.http() ? "H7_idle_http_conns\t" : "conn_scale\t") + c.impl() + "\tFAIL\tNA\tB/conn\t"
                        + String.valueOf(e.getMessage()).replace('\t', ' ').replace('\n', ' '));
            }
            System.out.flush();
            System.exit(1);
        }
    }

    /**
     * Runs {@link #run} in a fresh server JVM and returns its readings: RSS means little in a process whose heap
     * pages earlier work (or a large -Xms) already touched, so the server gets this JVM's options minus the heap
     * start size and collector, plus {@code -XX:+UseParallelGC -Xms32m} (the heap starts small and grows with
     * what the connections keep alive). The child is waited for with a deadline and killed after it.
     */
    public static Result runInChild(Config c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xms") || a.startsWith("-agentlib") || a.startsWith("-javaagent")
                    || (a.startsWith("-XX:+Use") && a.endsWith("GC"))) continue;
            cmd.add(a);
        }
        cmd.addAll(List.of("-XX:+UseParallelGC", "-Xms32m", "-cp", System.getProperty("java.class.path"),
                ConnScale.class.getName(), SERVER_OPTION, "--connections", Integer.toString(c.connections()),
                "--clients", Integer.toString(c.clients()), "--timeout", Long.toString(c.timeoutSeconds()),
                "--impl", c.impl()));
        if (c.http()) cmd.add("--http");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("conn-scale-server-out").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith(RESULT_PREFIX)) line.complete(l.substring(RESULT_PREFIX.length()));
                    else System.out.println(l);
                }
            } catch (IOException e) {
                // the process is gone
            }
            line.completeExceptionally(new IllegalStateException("the server process printed no result"));
        });
        try {
            if (!p.waitFor(2 * c.timeoutSeconds() + 120, TimeUnit.SECONDS)) {
                throw new ConnScaleFailed("the server process did not finish by the deadline (killed)");
            }
            if (p.exitValue() != 0) throw new ConnScaleFailed("the server process exited " + p.exitValue()
                    + " (its stderr above says why)");
            String[] f = await(line, System.nanoTime() + TimeUnit.SECONDS.toNanos(10), "server result").split("\t");
            return new Result(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                    Long.parseLong(f[8]), Double.parseDouble(f[9]), Boolean.parseBoolean(f[10]));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }

    static Config parse(String[] args) {
        Config d = Config.fullSize();
        int connections = d.connections(), clients = d.clients();
        long timeout = d.timeoutSeconds();
        String impl = d.impl();
        boolean http = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--conn-scale", SERVER_OPTION -> { }
                case "--connections" -> connections = Integer.parseInt(value(args, ++i, a));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, a));
                case "--timeout" -> timeout = Long.parseLong(value(args, ++i, a));
                case "--impl" -> impl = value(args, ++i, a);
                case "--http" -> http = true;
                default -> throw new IllegalArgumentException("option: " + a
                        + " (expected: --connections n | --clients n | --timeout s | --impl weft-poll|weft-async"
                        + " | --http)");
            }
        }
        return new Config(connections, clients, timeout, impl, http);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }

    /** The soft "Max open files" limit of this process from /proc/self/limits, or -1 when it cannot be read. */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Runs the benchmark once with {@code c} and returns the readings; throws {@link ConnScaleFailed} on failure. */
    public static Result run(Config c) throws IOException, InterruptedException {
        long limit = openFilesLimit();
        int n = c.connections();
        if (n == 0) {
            if (limit < 0) throw new ConnScaleFailed("cannot read the open-files limit from /proc/self/limits;"
                    + " pass --connections n");
            n = (int) Math.min(limit - HEADROOM, Integer.MAX_VALUE);
        }
        if (n < 1) throw new ConnScaleFailed("connections: " + n + " (open-files limit " + limit + " leaves none)");
        if (limit >= 0 && n > limit - HEADROOM / 5) {
            throw new ConnScaleFailed("connections: " + n + " (expected: well below the open-files limit " + limit + ")");
        }
        int clients = Math.min(c.clients(), n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(c.timeoutSeconds());

        WeftRuntime rt = WeftRuntime.builder().workerThreads(2).name("conn-scale").build();
        List<Client> children = new ArrayList<>();
        TcpListener listener = null;
        IdleHttp http = null;
        try {
            CountDownLatch echoed = new CountDownLatch(n);
            CountDownLatch closed = new CountDownLatch(n);
            Errors errors = new Errors();
            if (!c.http()) {
                listener = TcpListener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), BACKLOG);
            }

            long heapBefore = Probes.heapUsedAfterGc();
            long rssBefore = Probes.rssBytes();
            long start = System.nanoTime();
            int port;
            if (c.http()) {
                http = IdleHttp.start(rt, n, c.impl().equals(ASYNC), echoed);
                port = http.port();
            } else {
                rt.spawn(new AcceptLoop(listener, n, c.impl().equals(ASYNC), echoed, closed, errors));
                port = listener.localAddress().getPort();
            }
            for (int i = 0; i < clients; i++) {
                int count = n / clients + (i < n % clients ? 1 : 0);
                children.add(Client.start(i, "127.0.0." + (2 + i), port, count, c.http()));
            }

            long ok = 0;
            for (Client ch : children) {
                String[] f = await(ch.result, deadline, "client " + ch.id + " result").split("\t", 3);
                long good = Long.parseLong(f[0]), bad = Long.parseLong(f[1]);
                if (bad > 0) {
                    throw new ConnScaleFailed("client " + ch.id + " (" + ch.source + "): " + bad + " of " + ch.count
                            + " round trips failed; first: " + f[2]);
                }
                ok += good;
            }
            if (ok != n) throw new ConnScaleFailed("round trips: " + ok + " (expected: " + n + ")");
            if (!echoed.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new ConnScaleFailed("server echoed " + (n - echoed.getCount()) + " of " + n + " by the deadline");
            }
            errors.check("after the echoes");
            double establishMs = (System.nanoTime() - start) / 1e6;

            long heapAfter = Probes.heapUsedAfterGc();
            long rssAfter = Probes.rssBytes();
            errors.check("while idle");
            if (http != null) http.checkHeld(n);
            Result r = new Result(c.impl(), limit, n, clients, ok, heapBefore, heapAfter, rssBefore, rssAfter, establishMs,
                    c.http());

            long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(c.timeoutSeconds());
            for (Client ch : children) ch.tellClose();
            for (Client ch : children) await(ch.closedLine, closeDeadline, "client " + ch.id + " close");
            if (http != null) http.awaitAllClosed(closed, closeDeadline);
            if (!closed.await(remaining(closeDeadline), TimeUnit.NANOSECONDS)) {
                throw new ConnScaleFailed("server saw " + (n - closed.getCount()) + " of " + n
                        + " connections closed by the deadline");
            }
            errors.check("at close");
            for (Client ch : children) ch.waitExit(closeDeadline);
            return r;
        } finally {
            for (Client ch : children) ch.destroyIfAlive();
            if (http != null) http.close();
            rt.shutdown(Duration.ofSeconds(10));
            if (listener != null) listener.close();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String await(CompletableFuture<String> f, long deadline, String what) throws InterruptedException {
        try {
            return f.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ConnScaleFailed(what + ": deadline passed");
        } catch (ExecutionException e) {
            throw new ConnScaleFailed(what + ": " + e.getCause().getMessage());
        }
    }

    /** One client child JVM and the lines read from its standard output. */
    private static final class Client {
        final int id;
        final String source;
        final int count;
        final Process process;
        final CompletableFuture<String> result = new CompletableFuture<>();
        final CompletableFuture<String> closedLine = new CompletableFuture<>();

        private Client(int id, String source, int count, Process process) {
            this.id = id;
            this.source = source;
            this.count = count;
            this.process = process;
        }

        static Client start(int id, String source, int port, int count, boolean http) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaCommand());
            cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), ConnScaleClient.class.getName(), "127.0.0.1",
                    Integer.toString(port), Integer.toString(count), source, Integer.toString(id)));
            if (http) cmd.add("http");
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Client c = new Client(id, source, count, p);
            Thread.ofPlatform().daemon().name("conn-scale-client-" + id).start(c::readOutput);
            return c;
        }

        private void readOutput() {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(ConnScaleClient.RESULT)) result.complete(line.substring(ConnScaleClient.RESULT.length()));
                    else if (line.equals(ConnScaleClient.CLOSED)) closedLine.complete(line);
                }
            } catch (IOException e) {
                // the process is gone; completed below
            }
            IllegalStateException gone = new IllegalStateException("client process " + id + " ended early"
                    + exitNote());
            result.completeExceptionally(gone);
            closedLine.completeExceptionally(gone);
        }

        private String exitNote() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? " (exit status " + process.exitValue() + ")" : "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        void tellClose() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("close\n".getBytes(StandardCharsets.UTF_8));
            in.close();
        }

        void waitExit(long deadline) throws InterruptedException {
            if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new ConnScaleFailed("client process " + id + " did not exit by the deadline (killed)");
            }
            if (process.exitValue() != 0) {
                throw new ConnScaleFailed("client process " + id + " exited " + process.exitValue());
            }
        }

        void destroyIfAlive() {
            if (!process.isAlive()) return;
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.weft.bench.peers;

import dev.weft.bench.CargoBuild;
import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.Workload;
import dev.weft.bench.WorkloadImpl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tokio} peer: the W rows written in Rust on Tokio 1 (and futures 0.3 for W14's stream), the runtime
 * Weft is modelled on, so the Tokio anchors are measured in the same run instead of quoted. The sources are
 * this package's resources {@code tokio-peer/Cargo.toml} and {@code tokio-peer/src/main.rs}; {@link CargoBuild}
 * builds them from Debian's crates (the rows are NA, with the reason, where it cannot).
 *
 * <p>One process per row, started in {@link WorkloadImpl#setUp()}: a multi-threaded runtime with 2 workers, kept
 * for every round of the row as the JVM rows keep theirs. A round is one line to the process ({@code W3 10000000})
 * and one back ({@code OK <check> <ops> <metric> <notes>}); the harness times the round around that exchange, so a
 * round includes one pipe round trip (tens of microseconds, against rounds of milliseconds), and self-checks the
 * result like every other row. W7 (RSS per idle task) is not here: its measurement is the JVM child protocol's.
 */
public final class TokioPeer {
    /** The Rust program and the crates it needs (Debian's tokio 1.24 and futures 0.3). */
    static final CargoBuild BUILD = new CargoBuild("tokio-peer", TokioPeer.class, List.of("tokio-1.", "futures-0.3"),
            List.of("librust-tokio-dev", "librust-futures-dev"));

    private static final List<Workload> WORKLOADS = List.of(Workload.W1, Workload.W3, Workload.W4, Workload.W5,
            Workload.W6, Workload.W8, Workload.W9, Workload.W10, Workload.W11, Workload.W13, Workload.W14);

    private TokioPeer() {}

    /** Registers the {@code tokio} rows. */
    public static void register(Registry r) {
        for (Workload w : WORKLOADS) r.add(new TokioRow(w));
    }

    /** One workload on the Rust process. */
    static final class TokioRow implements WorkloadImpl {
        private final Workload workload;
        private Process process;
        private Writer requests;
        private BufferedReader replies;
        private Path stderr;

        TokioRow(Workload workload) {
            this.workload = workload;
        }

        @Override
        public Workload workload() {
            return workload;
        }

        @Override
        public String impl() {
            return "tokio";
        }

        @Override
        public String notes() {
            String how = switch (workload) {
                case W3, W4, W5, W13 -> "tokio::sync::mpsc";
                case W8 -> "tokio::sync::Semaphore";
                case W9 -> "tokio::sync::Mutex";
                case W10 -> "tokio::sync::broadcast";
                case W11 -> "tokio::net TcpListener/TcpStream";
                case W14 -> "futures 0.3 stream::iter + StreamExt (map, filter, map, fold)";
                default -> "tokio::spawn";
            };
            return "Rust, Tokio 1.24 (Debian's crates, cargo --release), multi-thread runtime with 2 workers; " + how
                    + "; each round timed in the harness around one pipe exchange";
        }

        @Override
        public Optional<String> unavailable(PrintStream progress) {
            return BUILD.binary(progress).isPresent() ? Optional.empty() : Optional.of(BUILD.missingReason());
        }

        @Override
        public void setUp() throws IOException {
            Path binary = BUILD.binary(System.err).orElseThrow(() -> new IOException(BUILD.missingReason()));
            stderr = Files.createTempFile("weft-tokio-peer-", ".log");
            process = new ProcessBuilder(binary.toString()).redirectError(stderr.toFile()).start();
            requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        @Override
        public Outcome run(long size) throws IOException {
            requests.write(workload.name() + " " + size + "\n");
            requests.flush();
            String line = replies.readLine();
            if (line == null) throw new IOException("the tokio peer ended; stderr: " + stderrTail());
            if (!line.startsWith("OK ")) throw new IOException("the tokio peer failed: " + line);
            String[] f = line.split(" ", 5);
            return new Outcome(Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                    f.length > 4 ? f[4] : "");
        }

        @Override
        public void tearDown() throws IOException, InterruptedException {
            if (process == null) return;
            requests.close(); // the process ends at the end of its input
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
            Files.deleteIfExists(stderr);
        }

        private String stderrTail() {
            try {
                String s = Files.readString(stderr).strip();
                return s.isEmpty() ? "(empty)" : s.substring(Math.max(0, s.length() - 1500));
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }
}

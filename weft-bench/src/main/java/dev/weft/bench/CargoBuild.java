package dev.weft.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A native peer written in Rust (the {@code hyper} HTTP rows, the {@code tokio} W rows): its sources are resources
 * beside a class of this module ({@code <dir>/Cargo.toml}, {@code <dir>/src/main.rs}), built on first use with
 * {@code cargo build --release --offline} against Debian's packaged crates, so Tokio and hyper are measured in the
 * same run as Weft and the JVM peers instead of quoted.
 *
 * <p>What a build needs, and what happens when something is missing (the rows are then skipped with
 * {@link #missingReason()}, as they are for a missing wrk):
 * <ul>
 *   <li>{@code cargo} and {@code rustc}: on the {@code PATH} or in {@code ~/.cargo/bin} (rustup's place); the bench
 *       does not install a Rust toolchain.</li>
 *   <li>The crates, under {@code /usr/share/cargo/registry}: Debian's {@code librust-*-dev} packages, installed with
 *       {@code apt-get} when missing and this process runs as root. Cargo reads that directory as its registry
 *       ({@code source.crates-io.replace-with}), so the build needs no network.</li>
 * </ul>
 * The build goes to {@code <java.io.tmpdir>/weft-<name>-<sha-256 of the sources>} and is reused while the sources
 * do not change (about 30 s on the 2-core machine the first time).
 */
public final class CargoBuild {
    private static final List<String> SOURCES = List.of("Cargo.toml", "src/main.rs");
    private static final Path REGISTRY = Path.of("/usr/share/cargo/registry");

    private final String name;
    private final Class<?> anchor;
    private final List<String> crates;
    private final List<String> packages;

    private Optional<Path> built; // guarded by this
    private String missingReason; // guarded by this

    /**
     * A peer named {@code name} (its resource directory beside {@code anchor}, and its binary's name) that needs
     * the registry directories starting with each of {@code crates} ({@code "tokio-1."}), from the Debian
     * {@code packages}.
     */
    public CargoBuild(String name, Class<?> anchor, List<String> crates, List<String> packages) {
        this.name = Objects.requireNonNull(name, "name");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.crates = List.copyOf(crates);
        this.packages = List.copyOf(packages);
    }

    /** The peer's name (its binary's name). */
    public String name() {
        return name;
    }

    /**
     * The binary, built on first use; empty (with {@link #missingReason()} saying why) when it cannot be built
     * here. Tried once per JVM.
     */
    public synchronized Optional<Path> binary(PrintStream progress) {
        if (built != null) return built;
        try {
            built = Optional.of(build(progress));
        } catch (IOException | RuntimeException e) {
            missingReason = name + ": " + e.getMessage();
            built = Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missingReason = name + ": interrupted while building";
            built = Optional.empty();
        }
        return built;
    }

    /** Why {@link #binary} has no binary; null before it was asked or when it has one. */
    public synchronized String missingReason() {
        return missingReason;
    }

    private Path build(PrintStream progress) throws IOException, InterruptedException {
        Path cargo = Host.onPath("cargo")
                .or(() -> executable(Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo")))
                .orElseThrow(() -> new IOException("cargo is not installed (neither on the PATH nor in"
                        + " ~/.cargo/bin): the " + name + " rows need a Rust toolchain"));
        if (!cratesPresent()) {
            if (!Host.isRoot()) {
                throw new IOException("Debian's crates " + crates + " are missing and this process is not root, so"
                        + " it cannot run 'apt-get install -y " + String.join(" ", packages) + "'");
            }
            progress.println("  " + name + "'s crates are missing: running apt-get install -y "
                    + String.join(" ", packages));
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
            install.addAll(packages);
            String err = Host.run(install, 600);
            if (err != null && Host.run(List.of("apt-get", "update"), 300) == null) err = Host.run(install, 600);
            if (!cratesPresent()) throw new IOException("apt-get could not install " + packages + ": " + err);
        }
        byte[][] sources = new byte[SOURCES.size()][];
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (int i = 0; i < sources.length; i++) {
            String resource = name + "/" + SOURCES.get(i);
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) throw new IOException("resource " + resource + " beside " + anchor + " is missing");
                sources[i] = in.readAllBytes();
            }
            sha.update(sources[i]);
        }
        String version = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "weft-" + name + "-" + version);
        Path binary = dir.resolve("target/release/" + name);
        if (Files.isExecutable(binary)) return binary;
        for (int i = 0; i < sources.length; i++) {
            Path p = dir.resolve(SOURCES.get(i));
            Files.createDirectories(p.getParent());
            Files.write(p, sources[i]);
        }
        progress.println("  building the " + name + " peer with cargo in " + dir + " (once per source version)");
        Path log = dir.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder(cargo.toString(), "build", "--release", "--offline", "--quiet",
                "--config", "source.crates-io.replace-with=\"debian\"",
                "--config", "source.debian.directory=\"" + REGISTRY + "\"")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().merge("PATH", cargo.getParent().toString(), (old, add) -> add + ":" + old); // rustc too
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("cargo build took over 15 minutes (log: " + log + ")");
        }
        if (p.exitValue() != 0 || !Files.isExecutable(binary)) {
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            throw new IOException("cargo build failed (exit " + p.exitValue() + "): "
                    + out.substring(Math.max(0, out.length() - 1500)));
        }
        return binary;
    }

    private boolean cratesPresent() throws IOException {
        if (!Files.isDirectory(REGISTRY)) return false;
        try (var entries = Files.list(REGISTRY)) {
            List<String> names = entries.map(e -> e.getFileName().toString()).toList();
            return crates.stream().allMatch(c -> names.stream().anyMatch(n -> n.startsWith(c)));
        }
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}

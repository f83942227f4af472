package dev.weft.bench;

/**
 * Where Weft's own rows are registered: one class per (workload, impl) implementing {@link WorkloadImpl} with
 * impl {@code weft-poll} or {@code weft-async}, added here with {@code r.add(new W1WeftPoll())}.
 *
 * <p>A workload with no Weft row yet simply has none in the output; the ratio column of the summary table then
 * stays empty for it. See weft-bench/README.md.
 */
final class WeftRows {
    private WeftRows() {}

    static void register(Registry r) {
        // Weft rows go here, e.g. r.add(new dev.weft.bench.weft.W1WeftPoll());
    }
}

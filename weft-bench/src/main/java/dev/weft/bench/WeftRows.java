package dev.weft.bench;

import dev.weft.bench.weft.W10WeftAsync;
import dev.weft.bench.weft.W10WeftPoll;
import dev.weft.bench.weft.W11WeftAsync;
import dev.weft.bench.weft.W11WeftPoll;
import dev.weft.bench.weft.W13WeftAsync;
import dev.weft.bench.weft.W13WeftPoll;
import dev.weft.bench.weft.W14WeftAsync;
import dev.weft.bench.weft.W14WeftPoll;
import dev.weft.bench.weft.W1WeftAsync;
import dev.weft.bench.weft.W1WeftPoll;
import dev.weft.bench.weft.W3WeftAsync;
import dev.weft.bench.weft.W3WeftPoll;
import dev.weft.bench.weft.W4WeftAsync;
import dev.weft.bench.weft.W4WeftPoll;
import dev.weft.bench.weft.W5WeftAsync;
import dev.weft.bench.weft.W5WeftPoll;
import dev.weft.bench.weft.W6WeftAsync;
import dev.weft.bench.weft.W6WeftPoll;
import dev.weft.bench.weft.W7WeftAsync;
import dev.weft.bench.weft.W7WeftPoll;
import dev.weft.bench.weft.W8WeftAsync;
import dev.weft.bench.weft.W8WeftPoll;
import dev.weft.bench.weft.W9WeftAsync;
import dev.weft.bench.weft.W9WeftPoll;
import dev.weft.runtime.IoDriverKind;

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
        // one class per (workload, impl) in dev.weft.bench.weft
        r.add(new W1WeftPoll()).add(new W1WeftAsync());
        r.add(new W3WeftPoll()).add(new W3WeftAsync());
        r.add(new W4WeftPoll()).add(new W4WeftAsync());
        r.add(new W5WeftPoll()).add(new W5WeftAsync());
        r.add(new W6WeftPoll()).add(new W6WeftAsync());
        r.add(new W7WeftPoll()).add(new W7WeftAsync());
        r.add(new W8WeftPoll()).add(new W8WeftAsync());
        r.add(new W9WeftPoll()).add(new W9WeftAsync());
        r.add(new W10WeftPoll()).add(new W10WeftAsync());
        r.add(new W11WeftPoll()).add(new W11WeftAsync());
        String epoll = W11WeftPoll.epollUnavailable(); // the epoll driver's rows (ADR 0014), NA where unavailable
        if (epoll == null) {
            r.add(new W11WeftPoll(IoDriverKind.EPOLL)).add(new W11WeftAsync(IoDriverKind.EPOLL));
        } else {
            r.na(Workload.W11, "weft-poll-epoll", epoll).na(Workload.W11, "weft-async-epoll", epoll);
        }
        r.add(new W13WeftPoll()).add(new W13WeftAsync());
        r.add(new W14WeftPoll()).add(new W14WeftAsync());
    }
}

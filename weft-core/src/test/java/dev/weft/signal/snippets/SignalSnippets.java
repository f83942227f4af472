package dev.weft.signal.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.runtime.WeftRuntime;
import dev.weft.signal.Signals;
import dev.weft.sync.CancellationToken;
import org.junit.jupiter.api.Test;

/** Examples for dev.weft.signal; each runs as a test. */
class SignalSnippets {

    @Test
    void shutdown() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).build()) {
            // @start region=shutdown
            CancellationToken shutdown = new CancellationToken();
            Future<Void> ctrlC = Signals.ctrlC(); // subscribe first
            Future<String> server = Async.async(() -> {
                shutdown.cancelled().await(); // a real server would select on accept() and this
                return "stopped cleanly";
            });
            var handle = rt.spawn(server);
            rt.spawn(ctrlC.map(v -> {
                shutdown.cancel(); // Ctrl-C: ask every task to stop
                return v;
            }));
            // ... later, the user presses Ctrl-C:
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
            assertThat(rt.blockOn(handle)).isEqualTo("stopped cleanly");
            // @end
        }
    }
}

package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinHandle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without a handler, an unobserved task failure goes to System.Logger "dev.weft.runtime" (JUL backend here). */
@Timeout(60)
class UnobservedFailureLoggingTest {

    static final class Fails implements Future<Integer> {
        final RuntimeException failure;

        Fails(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            throw failure;
        }
    }

    @Test
    void failingTask_nobodyAwaitsItsHandle_isLoggedWithItsIdAndStack() throws Exception {
        Logger jul = Logger.getLogger("dev.weft.runtime");
        BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("unobserved-log").build()) {
            RuntimeException boom = new IllegalStateException("boom-unobserved");
            JoinHandle<Integer> handle = rt.spawn(new Fails(boom));
            LogRecord r;
            do { // skip records other runtimes (earlier tests' leftovers) may log meanwhile
                r = records.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("a log record for the unobserved failure").isNotNull();
            } while (r.getThrown() != boom);
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).contains(handle.id().toString()).contains("unobserved-log");
        } finally {
            jul.removeHandler(h);
        }
    }
}

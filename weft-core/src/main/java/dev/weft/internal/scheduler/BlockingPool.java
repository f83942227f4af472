package dev.weft.internal.scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool for blocking work ({@code spawnBlocking}, file I/O): platform threads, at most {@code max} of them,
 * created on demand; a thread idle for {@code keepAlive} retires. Work beyond {@code max} queues.
 */
public final class BlockingPool implements Executor {
    private final ThreadPoolExecutor executor;

    BlockingPool(String namePrefix, int max, Duration keepAlive) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(max, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, namePrefix + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    public int threadCount() {
        return executor.getPoolSize();
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}

package dev.weft.bench.peers;

/** Starts the virtual threads of the blocking peers (jox, vthreads), whose bodies block interruptibly. */
final class VirtualThreads {
    private VirtualThreads() {}

    /** A thread body that may block interruptibly. */
    @FunctionalInterface
    interface Body {
        void run() throws InterruptedException;
    }

    /**
     * Starts {@code body} on a new virtual thread; an interrupt ends the thread with a {@link RuntimeException}
     * (the harness never interrupts its threads, so that is a failure).
     */
    static Thread start(Body body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }
}

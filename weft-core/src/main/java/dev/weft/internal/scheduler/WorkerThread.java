package dev.weft.internal.scheduler;

/** The platform thread of a multi-thread runtime worker; lets a wake-up find its worker without a lookup. */
final class WorkerThread extends Thread {
    private final Worker worker;
    /** A scheduler explicitly entered on this thread (Scheduler.enter), or null; owner thread only. */
    Scheduler entered;

    WorkerThread(Worker worker, String name) {
        super(null, worker, name);
        this.worker = worker;
        setDaemon(true);
    }

    Worker worker() {
        return worker;
    }
}

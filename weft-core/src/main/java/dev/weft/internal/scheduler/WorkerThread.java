package dev.weft.internal.scheduler;

import dev.weft.internal.context.WaitScratch;
import dev.weft.internal.context.Waits;

/** The platform thread of a multi-thread runtime worker; lets a wake-up find its worker without a lookup. */
final class WorkerThread extends Thread implements WaitScratch {
    private final Worker worker;
    /** WaitScratch: the task whose poll is recording on this thread, and its record so far; this thread only. */
    private Object waitRecordOwner;
    private Object waitRecord;
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

    @Override
    public void beginWaitRecord(Object task) {
        waitRecordOwner = task;
        waitRecord = null;
    }

    @Override
    public Object waitRecordOwner() {
        return waitRecordOwner;
    }

    @Override
    public void addWait(Object resource) {
        waitRecord = Waits.merge(waitRecord, resource, false);
    }

    @Override
    public Object endWaitRecord() {
        Object r = waitRecord;
        waitRecordOwner = null;
        waitRecord = null;
        return r;
    }
}

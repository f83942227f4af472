/**
 * Weft's core: the future model, the runtime, tasks and every primitive. Depends on the JDK alone.
 */
module dev.weft.core {
    exports dev.weft.future;
    exports dev.weft.runtime;
    exports dev.weft.task;
    exports dev.weft.time;
    exports dev.weft.sync;
    exports dev.weft.io;
    exports dev.weft.fs;
    exports dev.weft.signal;

    requires jdk.unsupported; // sun.misc.Signal for dev.weft.signal (part of the JDK)
}

/**
 * Weft's core: the future model, the runtime, tasks and every primitive. Depends on the JDK alone at run time
 * ({@code jdk.unsupported} only for {@code sun.misc.Signal}, behind {@code dev.weft.signal}); the JSpecify and
 * Error Prone annotations are read at compile time only ({@code requires static}).
 */
@SuppressWarnings("module") // dev.weft.test is built after this module: javac cannot see it yet
module dev.weft.core {
    requires jdk.unsupported;
    requires jdk.jfr; // dev.weft.internal.jfr: Flight Recorder events (part of every JDK, no dependency)
    requires java.management; // dev.weft.runtime: the diagnostics MBean (part of every JDK, no dependency)
    // compile-only annotations (JSpecify nullness, Error Prone's @CheckReturnValue): not needed at run time, not
    // passed on to users (provided scope)
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;

    exports dev.weft.future;
    exports dev.weft.runtime;
    exports dev.weft.task;
    exports dev.weft.time;
    exports dev.weft.sync;
    exports dev.weft.io;
    exports dev.weft.net;
    exports dev.weft.fs;
    exports dev.weft.signal;
    exports dev.weft.trace;

    // the test kit's WeftExtension names the tasks a test leaked (LiveTasks); no other module sees the engine
    exports dev.weft.internal.scheduler to dev.weft.test;
}

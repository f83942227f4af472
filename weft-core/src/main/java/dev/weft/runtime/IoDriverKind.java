package dev.weft.runtime;

/**
 * Which I/O reactor a {@link WeftRuntime} uses ({@link WeftRuntime.Builder#ioDriver(IoDriverKind)}). When the builder
 * does not say, the system property {@code weft.io.driver} ({@code nio}, {@code epoll} or {@code auto}) does, and
 * without it the runtime uses {@link #NIO}.
 */
public enum IoDriverKind {
    /** A JDK {@link java.nio.channels.Selector}: every JDK and operating system. The default. */
    NIO,
    /**
     * Linux epoll called through the Foreign Function &amp; Memory API, without the JDK selector's per-event
     * bookkeeping (no JNI, no native library of its own). It needs Linux on x86-64 or AArch64, JDK 22 or later
     * running weft-core's multi-release jar, and two JVM options:
     * {@code --enable-native-access=dev.weft.core} (native calls, else the JDK prints a warning) and
     * {@code --add-exports java.base/sun.nio.ch=dev.weft.core} (to read a socket's file descriptor); on the class
     * path, write {@code ALL-UNNAMED} for {@code dev.weft.core}. Building a runtime with it where it is unavailable
     * fails with the reason.
     */
    EPOLL,
    /**
     * {@link #EPOLL} when it is available and native access is enabled for weft-core, else {@link #NIO}, without
     * failing.
     */
    AUTO
}

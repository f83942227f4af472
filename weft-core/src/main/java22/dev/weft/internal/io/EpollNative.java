package dev.weft.internal.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls of the epoll driver, linked through the Foreign Function &amp; Memory API
 * ({@link Linker#nativeLinker()}: no JNI, no native library of our own). Initialised on the first
 * {@link EpollIoDriver} construction only: linking is a restricted operation, which the JDK reports once
 * unless native access is enabled for weft-core.
 *
 * <p>The constants are Linux's, identical on x86-64 and AArch64. {@code struct epoll_event} is packed on x86-64
 * (12 bytes, the 64-bit data at offset 4) and naturally aligned elsewhere (16 bytes, data at offset 8).
 */
final class EpollNative {
    static final int EPOLLIN = 0x001;
    static final int EPOLLPRI = 0x002;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CLOEXEC = 0x80000; // O_CLOEXEC
    static final int EFD_CLOEXEC = 0x80000; // O_CLOEXEC
    static final int EFD_NONBLOCK = 0x800; // O_NONBLOCK
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;

    static final boolean PACKED_EVENT = isX86();
    static final long EVENT_SIZE = PACKED_EVENT ? 12 : 16;
    static final long DATA_OFFSET = PACKED_EVENT ? 4 : 8;

    /** The errno capture of {@link Linker.Option#captureCallState}. */
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int epoll_create1(int flags)}, errno captured. */
    static final MethodHandle EPOLL_CREATE1;
    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}, errno captured. */
    static final MethodHandle EPOLL_CTL;
    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)}, errno captured. */
    static final MethodHandle EPOLL_WAIT;
    /** {@code epoll_wait} with timeout 0 as a critical call (no thread-state transition: it never blocks). */
    static final MethodHandle EPOLL_WAIT_NOW;
    /** {@code int eventfd(unsigned int initval, int flags)}, errno captured. */
    static final MethodHandle EVENTFD;
    /** {@code ssize_t write(int fd, const void *buf, size_t count)}, critical: used on the non-blocking eventfd. */
    static final MethodHandle WRITE;
    /** {@code ssize_t read(int fd, void *buf, size_t count)}: used on the non-blocking eventfd. */
    static final MethodHandle READ;
    /** {@code int close(int fd)}. */
    static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        Linker.Option critical = Linker.Option.critical(false);
        FunctionDescriptor wait = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        EPOLL_CREATE1 = linker.downcallHandle(find(libc, "epoll_create1"), FunctionDescriptor.of(JAVA_INT, JAVA_INT),
                errno);
        EPOLL_CTL = linker.downcallHandle(find(libc, "epoll_ctl"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
        EPOLL_WAIT = linker.downcallHandle(find(libc, "epoll_wait"), wait, errno);
        EPOLL_WAIT_NOW = linker.downcallHandle(find(libc, "epoll_wait"), wait, critical);
        EVENTFD = linker.downcallHandle(find(libc, "eventfd"), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT),
                errno);
        WRITE = linker.downcallHandle(find(libc, "write"), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
                JAVA_LONG), critical);
        READ = linker.downcallHandle(find(libc, "read"), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
                JAVA_LONG));
        CLOSE = linker.downcallHandle(find(libc, "close"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private EpollNative() {}

    static boolean isX86() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static MemorySegment find(SymbolLookup libc, String name) {
        return libc.find(name).orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
    }

    /** The errno a captured call left in {@code capture}. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** A readable name for the errno values the driver meets. */
    static String errnoName(int errno) {
        return switch (errno) {
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 17 -> "EEXIST";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 28 -> "ENOSPC";
            case 1 -> "EPERM";
            default -> "errno " + errno;
        };
    }

    /** Rethrows what a downcall threw (it throws nothing checked in practice). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }
}

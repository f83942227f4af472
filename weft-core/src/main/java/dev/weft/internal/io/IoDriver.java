package dev.weft.internal.io;

import dev.weft.internal.util.Driver;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;
import java.util.Locale;
import java.util.Objects;

/**
 * The I/O driver of a runtime: a readiness reactor (Tokio's {@code runtime/io/driver}). It is the innermost
 * {@link Driver} layer: the worker holding the driver blocks in the reactor's wait rather than in
 * {@code LockSupport.park}, and dispatches readiness to the waiting {@link Registration}s before returning.
 *
 * <p>Two implementations: {@link NioIoDriver} on a JDK {@link java.nio.channels.Selector} (every JDK and OS, the
 * default) and {@code EpollIoDriver}, Linux epoll called through the Foreign Function &amp; Memory API, which is
 * compiled for release 22 into {@code META-INF/versions/22} of the multi-release jar and found by name here (ADR
 * 0014). {@link #open(Driver, Kind)} picks one; {@link #PROPERTY} chooses when the builder does not.
 *
 * <p>See the {@linkplain dev.weft.internal.io package description} for the readiness protocol.
 */
public abstract class IoDriver implements Driver {
    /** The system property choosing the driver when {@code WeftRuntime.Builder.ioDriver} was not called. */
    public static final String PROPERTY = "weft.io.driver";

    /** The release-22 class, present only in a multi-release jar (or its versioned directory) on JDK 22+. */
    private static final String EPOLL_CLASS = "dev.weft.internal.io.EpollIoDriver";

    IoDriver() {}

    /**
     * Which reactor ({@code dev.weft.runtime.IoDriverKind} maps onto this one by name: the engine does not depend on
     * the facade).
     */
    public enum Kind {
        /** A JDK {@link java.nio.channels.Selector}. */
        NIO,
        /** Linux epoll through the Foreign Function &amp; Memory API (ADR 0014). */
        EPOLL,
        /** EPOLL when available and native access is enabled for weft-core, else NIO. */
        AUTO
    }

    /**
     * Registers {@code channel} (switched to non-blocking mode) with no waiter yet.
     *
     * @throws UncheckedIOException when the channel is closed, cannot be registered, or the driver is closed
     */
    public abstract Registration register(SelectableChannel channel);

    /** Number of live registrations (channels registered and not closed/deregistered); for tests and metrics. */
    public abstract int registrationCount();

    /** Number of directions (read or write side of a registration) with a waiting task; for tests and metrics. */
    public abstract int waiterCount();

    /**
     * Releases the reactor (runtime shutdown, after the driver threads stopped). Registered channels stay open but
     * are deregistered; later parks use the fallback driver. Idempotent.
     */
    public abstract void close();

    /** Which implementation this is. */
    public abstract Kind kind();

    /**
     * The kind the {@link #PROPERTY} system property asks for: {@code nio} (also when unset), {@code epoll} or
     * {@code auto}, case-insensitive.
     *
     * @throws IllegalArgumentException when the property has another value
     */
    public static Kind kindFromProperty() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) return Kind.NIO;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "nio" -> Kind.NIO;
            case "epoll" -> Kind.EPOLL;
            case "auto" -> Kind.AUTO;
            default -> throw new IllegalArgumentException("system property " + PROPERTY + ": '" + v
                    + "' (expected: nio, epoll or auto)");
        };
    }

    /**
     * Why the epoll driver cannot be used in this JVM, or {@code null} when it can: it needs Linux on x86-64 or
     * AArch64, JDK 22+, weft-core as a multi-release jar (or its {@code META-INF/versions/22} directory on the class
     * path) and {@code --add-exports java.base/sun.nio.ch=dev.weft.core} (or {@code =ALL-UNNAMED} on the class
     * path) to read a channel's file descriptor (ADR 0014).
     */
    public static String epollUnavailableReason() {
        return EpollHolder.REASON;
    }

    /**
     * Resolves {@code kind} ({@code null}: the {@link #PROPERTY}) to {@code NIO} or {@code EPOLL}.
     *
     * @throws IllegalStateException when {@code EPOLL} is asked for and unavailable (with the reason)
     * @throws IllegalArgumentException when the property has an unknown value
     */
    public static Kind resolve(Kind kind) {
        Kind k = kind != null ? kind : kindFromProperty();
        return switch (k) {
            case NIO -> Kind.NIO;
            case AUTO -> EpollHolder.REASON == null && EpollHolder.nativeAccessEnabled()
                    ? Kind.EPOLL : Kind.NIO;
            case EPOLL -> {
                if (EpollHolder.REASON != null) {
                    throw new IllegalStateException("the epoll I/O driver was asked for" + (kind == null
                            ? " (system property " + PROPERTY + "=" + System.getProperty(PROPERTY) + ")" : "")
                            + " but is unavailable: " + EpollHolder.REASON + ". Use the nio driver (the default)"
                            + " or auto (epoll when available)");
                }
                yield Kind.EPOLL;
            }
        };
    }

    /**
     * A driver of {@code kind} ({@code null}: the {@link #PROPERTY}) that parks on {@code afterClose} once closed.
     *
     * @throws IllegalStateException when {@code EPOLL} is asked for and unavailable
     * @throws UncheckedIOException when the reactor cannot be opened
     */
    public static IoDriver open(Driver afterClose, Kind kind) {
        Objects.requireNonNull(afterClose, "afterClose");
        if (resolve(kind) == Kind.NIO) return new NioIoDriver(afterClose);
        try {
            return (IoDriver) EpollHolder.CONSTRUCTOR.invoke(afterClose);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create the epoll I/O driver", t);
        }
    }

    /** {@code open(afterClose, null)}: the kind the {@link #PROPERTY} asks for. */
    public static IoDriver open(Driver afterClose) {
        return open(afterClose, null);
    }

    /** Looks the release-22 driver up once: its constructor, or why it is unavailable. */
    private static final class EpollHolder {
        static final MethodHandle CONSTRUCTOR;
        static final MethodHandle NATIVE_ACCESS;
        static final String REASON;

        static {
            MethodHandle ctor = null;
            MethodHandle nativeAccess = null;
            String reason;
            int feature = java.lang.Runtime.version().feature();
            if (feature < 22) {
                reason = "it needs JDK 22 or later (the Foreign Function & Memory API), this is JDK " + feature;
            } else {
                try {
                    Class<?> c = Class.forName(EPOLL_CLASS, true, IoDriver.class.getClassLoader());
                    MethodHandles.Lookup l = MethodHandles.lookup();
                    MethodHandle unavailable =
                            l.findStatic(c, "unavailableReason", MethodType.methodType(String.class));
                    reason = (String) unavailable.invoke();
                    if (reason == null) {
                        ctor = l.findConstructor(c, MethodType.methodType(void.class, Driver.class))
                                .asType(MethodType.methodType(IoDriver.class, Driver.class));
                        nativeAccess = l.findStatic(c, "nativeAccessEnabled", MethodType.methodType(boolean.class));
                    }
                } catch (ClassNotFoundException e) {
                    reason = "weft-core's release-22 classes are not on the class path (use the weft-core jar, a"
                            + " multi-release jar, or add its META-INF/versions/22 directory)";
                } catch (Throwable t) {
                    reason = "loading it failed: " + t;
                }
            }
            CONSTRUCTOR = ctor;
            NATIVE_ACCESS = nativeAccess;
            REASON = reason;
        }

        /** True when native access is enabled for weft-core (no restricted-method warning from the JDK). */
        static boolean nativeAccessEnabled() {
            try {
                return NATIVE_ACCESS != null && (boolean) NATIVE_ACCESS.invoke();
            } catch (Throwable t) {
                return false;
            }
        }
    }
}

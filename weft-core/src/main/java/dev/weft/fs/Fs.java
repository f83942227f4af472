package dev.weft.fs;

import dev.weft.future.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Asynchronous file-system operations: tokio's {@code tokio::fs}.
 *
 * {@snippet class=dev.weft.fs.snippets.FsSnippets region=fs}
 *
 * <p><b>How it works.</b> Operating systems offer no portable non-blocking file I/O, so, exactly as in Tokio,
 * each operation runs the blocking {@link Files} call on the runtime's blocking pool
 * ({@link dev.weft.task.Tasks#spawnBlocking}) and the returned future completes when it is done. Every future
 * is lazy: the operation starts at its first poll, which must happen under a Weft runtime (a task, an async
 * block, or {@code WeftRuntime.blockOn}); polled elsewhere it throws {@link IllegalStateException}. For many
 * small operations in a row, one {@code spawnBlocking} doing them all is cheaper.
 *
 * <p><b>Errors.</b> An I/O failure surfaces as {@link java.io.UncheckedIOException} whose cause is the
 * original {@link IOException} (e.g. {@link java.nio.file.NoSuchFileException}) and whose message names the
 * operation and the path.
 *
 * <p><b>Cancel safety</b> (all operations): cancelling the future does not stop an operation that has started;
 * it runs to its end on the pool and its result is dropped (as with Tokio, whose blocking tasks cannot be
 * aborted). A write or rename may therefore still take effect after cancellation.
 */
public final class Fs {
    private Fs() {}

    /** A future of the whole content of the file at {@code path}. <p><b>Cancel safety:</b> see {@link Fs}. */
    public static Future<byte[]> read(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("read " + path, () -> Files.readAllBytes(path));
    }

    /**
     * A future of the content of the file at {@code path} decoded as UTF-8 (malformed input fails with
     * {@link java.nio.charset.MalformedInputException} as the cause). <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<String> readString(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("readString " + path, () -> Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * A future that writes {@code data} as the entire content of the file at {@code path}, creating it or
     * truncating it. <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> write(Path path, byte[] data) {
        Objects.requireNonNull(path, "path");
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        return new Blocking<>("write " + path, () -> {
            Files.write(path, copy);
            return null;
        });
    }

    /** As {@link #write(Path, byte[])} with {@code text} encoded as UTF-8. */
    public static Future<Void> writeString(Path path, String text) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        return new Blocking<>("writeString " + path, () -> {
            Files.writeString(path, text, StandardCharsets.UTF_8);
            return null;
        });
    }

    /**
     * A future that creates the directory {@code path}; fails when it exists or its parent does not.
     * <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> createDir(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("createDir " + path, () -> {
            Files.createDirectory(path);
            return null;
        });
    }

    /**
     * A future that creates the directory {@code path} and every missing parent; succeeds when it already
     * exists as a directory. <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> createDirAll(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("createDirAll " + path, () -> {
            Files.createDirectories(path);
            return null;
        });
    }

    /**
     * A future that deletes the file {@code path} (a symbolic link is deleted, not its target); fails with
     * {@link FileSystemException} for a directory. <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> removeFile(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("removeFile " + path, () -> {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(path.toString(), null, "is a directory (use removeDir)");
            }
            Files.delete(path);
            return null;
        });
    }

    /**
     * A future that deletes the empty directory {@code path}; fails with {@link NotDirectoryException} for a
     * file and {@link DirectoryNotEmptyException} when not empty. <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> removeDir(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("removeDir " + path, () -> {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(path.toString());
            }
            Files.delete(path);
            return null;
        });
    }

    /**
     * A future that deletes the directory {@code path} and everything under it (symbolic links are deleted,
     * never followed). <p><b>Cancel safety:</b> see {@link Fs}; cancelled midway, part of the tree may be gone.
     */
    public static Future<Void> removeDirAll(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("removeDirAll " + path, () -> {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new java.nio.file.NoSuchFileException(path.toString());
                }
                throw new NotDirectoryException(path.toString());
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) throw exc;
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            return null;
        });
    }

    /** A future of the metadata of {@code path}, following symbolic links. <p><b>Cancel safety:</b> see {@link Fs}. */
    public static Future<Metadata> metadata(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("metadata " + path,
                () -> Metadata.of(Files.readAttributes(path, BasicFileAttributes.class)));
    }

    /** A future of the metadata of {@code path} itself, not following a symbolic link. */
    public static Future<Metadata> symlinkMetadata(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("symlinkMetadata " + path, () -> Metadata.of(
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
    }

    /**
     * The entries of the directory {@code dir}, read lazily in batches on the blocking pool.
     *
     * {@snippet class=dev.weft.fs.snippets.FsSnippets region=readDir}
     *
     * @return a {@link DirEntries}; nothing is opened until its first {@code next()} is polled
     */
    public static DirEntries readDir(Path dir) {
        return new DirEntries(Objects.requireNonNull(dir, "dir"), DirEntries.DEFAULT_BATCH);
    }

    /**
     * A future that copies the file {@code from} to {@code to}, replacing {@code to}, and completes with the
     * number of bytes copied. <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Long> copy(Path from, Path to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new Blocking<>("copy " + from + " to " + to, () -> {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(to);
        });
    }

    /**
     * A future that renames (moves) {@code from} to {@code to}, replacing {@code to} if it is a file (as
     * POSIX {@code rename} and Tokio do). <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Void> rename(Path from, Path to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new Blocking<>("rename " + from + " to " + to, () -> {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            return null;
        });
    }

    /**
     * A future of whether {@code path} exists (following links); tokio's {@code try_exists}: a failure to
     * determine it (e.g. permission denied) fails the future instead of answering false.
     * <p><b>Cancel safety:</b> see {@link Fs}.
     */
    public static Future<Boolean> exists(Path path) {
        Objects.requireNonNull(path, "path");
        return new Blocking<>("exists " + path, () -> {
            try {
                Files.readAttributes(path, BasicFileAttributes.class);
                return true;
            } catch (java.nio.file.NoSuchFileException e) {
                return false;
            }
        });
    }
}

package dev.weft.fs;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * What the file system knows about a file: tokio's {@code fs::Metadata}, read with
 * {@link java.nio.file.Files#readAttributes(java.nio.file.Path, Class, java.nio.file.LinkOption...)}.
 *
 * @param size the size in bytes
 * @param isFile a regular file
 * @param isDirectory a directory
 * @param isSymbolicLink a symbolic link (only from {@link Fs#symlinkMetadata})
 * @param isOther something else (device, pipe, socket)
 * @param lastModified the last modification time
 * @param lastAccess the last access time (may equal {@code lastModified} where not tracked)
 * @param created the creation time (may equal {@code lastModified} where not tracked)
 */
public record Metadata(long size, boolean isFile, boolean isDirectory, boolean isSymbolicLink, boolean isOther,
        Instant lastModified, Instant lastAccess, Instant created) {

    static Metadata of(BasicFileAttributes a) {
        return new Metadata(a.size(), a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.isOther(),
                a.lastModifiedTime().toInstant(), a.lastAccessTime().toInstant(), a.creationTime().toInstant());
    }
}

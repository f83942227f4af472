package dev.weft.fs;

import java.nio.file.Path;

/**
 * One entry of a directory listed by {@link Fs#readDir}: tokio's {@code DirEntry}.
 *
 * @param path the entry's path (the directory's path resolved with the file name)
 * @param isDirectory whether the entry was a directory when listed (links not followed)
 * @param isFile whether the entry was a regular file when listed (links not followed)
 */
public record DirEntry(Path path, boolean isDirectory, boolean isFile) {

    /** The entry's file name, without the directory. */
    public String fileName() {
        return path.getFileName().toString();
    }
}

package dev.weft.fs.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fs.AsyncFile;
import dev.weft.fs.DirEntries;
import dev.weft.fs.DirEntry;
import dev.weft.fs.Fs;
import dev.weft.runtime.WeftRuntime;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples that dev.weft.fs's javadoc pulls in; each runs as a test. */
class FsSnippets {
    @TempDir
    Path dir;

    @Test
    void fs() {
        // @start region=fs
        String text = WeftRuntime.run(() -> {
            Path config = dir.resolve("app/config.txt");
            Fs.createDirAll(config.getParent()).await(); // runs on the blocking pool
            Fs.writeString(config, "port=8080").await();
            return Fs.readString(config).await();
        });
        assertThat(text).isEqualTo("port=8080");
        // @end
    }

    @Test
    void readDir() {
        // @start region=readDir
        List<String> names = WeftRuntime.run(() -> {
            Fs.writeString(dir.resolve("a.log"), "").await();
            Fs.writeString(dir.resolve("b.log"), "").await();
            List<String> found = new ArrayList<>();
            try (DirEntries entries = Fs.readDir(dir)) {
                Optional<DirEntry> e;
                while ((e = entries.next().await()).isPresent()) found.add(e.get().fileName());
            }
            return found;
        });
        assertThat(names).containsExactlyInAnyOrder("a.log", "b.log");
        // @end
    }

    @Test
    void asyncFile() {
        // @start region=asyncFile
        String head = WeftRuntime.run(() -> {
            Path p = dir.resolve("data.bin");
            AsyncFile out = AsyncFile.create(p).await();
            out.writeAll(ByteBuffer.wrap("0123456789".getBytes())).await();
            out.sync().await(); // durable on disk
            out.close().await();

            AsyncFile in = AsyncFile.openRead(p).await();
            in.seek(6).await();
            ByteBuffer four = ByteBuffer.allocate(4);
            in.readExact(four).await();
            in.close().await();
            return new String(four.array());
        });
        assertThat(head).isEqualTo("6789");
        // @end
    }
}

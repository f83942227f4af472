package dev.weft.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Waker;
import dev.weft.io.BufReader;
import dev.weft.io.Io;
import dev.weft.runtime.WeftRuntime;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsTest {
    private static WeftRuntime rt;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    private static <T> T run(Callable<T> body) {
        return rt.blockOn(Async.async(body));
    }

    @Test
    void writeRead_roundTrip_bytesAndStrings() {
        Path f = tmp.resolve("a.txt");
        String got = run(() -> {
            Fs.writeString(f, "héllo").await();
            assertThat(Fs.read(f).await()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
            Fs.write(f, new byte[] {'x', 'y'}).await();
            return Fs.readString(f).await();
        });
        assertThat(got).isEqualTo("xy");
    }

    @Test
    void read_missingFile_failsWithUncheckedIoCausedByNoSuchFile() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> run(() -> Fs.read(missing).await()))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("read " + missing);
    }

    @Test
    void dirs_createRemove_andErrors() {
        Path deep = tmp.resolve("a/b/c");
        run(() -> {
            Fs.createDirAll(deep).await();
            Fs.createDirAll(deep).await(); // idempotent
            assertThat(Fs.metadata(deep).await().isDirectory()).isTrue();
            Fs.writeString(deep.resolve("f"), "1").await();
            assertThatThrownBy(() -> Fs.removeDir(tmp.resolve("a/b")).await())
                    .hasCauseInstanceOf(DirectoryNotEmptyException.class);
            assertThatThrownBy(() -> Fs.removeDir(deep.resolve("f")).await())
                    .hasCauseInstanceOf(NotDirectoryException.class);
            assertThatThrownBy(() -> Fs.removeFile(deep).await())
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("is a directory");
            assertThatThrownBy(() -> Fs.createDir(tmp.resolve("x/y")).await())
                    .hasCauseInstanceOf(NoSuchFileException.class);
            Fs.removeFile(deep.resolve("f")).await();
            Fs.removeDir(deep).await();
            Fs.writeString(tmp.resolve("a/b/g"), "2").await();
            Fs.removeDirAll(tmp.resolve("a")).await();
            assertThat(Fs.exists(tmp.resolve("a")).await()).isFalse();
            return null;
        });
    }

    @Test
    void copyRenameMetadataExists() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        run(() -> {
            Fs.write(a, new byte[1234]).await();
            assertThat(Fs.copy(a, b).await()).isEqualTo(1234L);
            Fs.rename(b, c).await();
            assertThat(Fs.exists(b).await()).isFalse();
            assertThat(Fs.exists(c).await()).isTrue();
            Metadata m = Fs.metadata(c).await();
            assertThat(m.size()).isEqualTo(1234);
            assertThat(m.isFile()).isTrue();
            assertThat(m.lastModified()).isNotNull();
            assertThatThrownBy(() -> Fs.metadata(b).await()).hasCauseInstanceOf(NoSuchFileException.class);
            return null;
        });
    }

    @Test
    void readDir_listsAllEntries_acrossBatches() throws Exception {
        for (int i = 0; i < 70; i++) Files.writeString(tmp.resolve("f" + i), "x");
        Files.createDirectory(tmp.resolve("sub"));
        Set<String> names = run(() -> {
            Set<String> seen = new HashSet<>();
            try (DirEntries entries = Fs.readDir(tmp)) {
                Optional<DirEntry> e;
                while ((e = entries.next().await()).isPresent()) {
                    seen.add(e.get().fileName());
                    if (e.get().fileName().equals("sub")) assertThat(e.get().isDirectory()).isTrue();
                    else assertThat(e.get().isFile()).isTrue();
                }
                assertThat(entries.next().await()).isEmpty();
            }
            return seen;
        });
        assertThat(names).hasSize(71).contains("f0", "f69", "sub");
    }

    @Test
    void readDir_missingDir_fails_andClosedListingEnds() {
        assertThatThrownBy(() -> run(() -> Fs.readDir(tmp.resolve("nope")).next().await()))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
        Optional<DirEntry> after = run(() -> {
            Fs.writeString(tmp.resolve("one"), "1").await();
            DirEntries d = Fs.readDir(tmp);
            d.close();
            return d.next().await();
        });
        assertThat(after).isEmpty();
    }

    @Test
    void asyncFile_writeSeekRead_andBufReaderLines() {
        Path f = tmp.resolve("file.txt");
        String result = run(() -> {
            AsyncFile file = AsyncFile.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE).await();
            file.writeAll(ByteBuffer.wrap("line one\nline two\n".getBytes())).await();
            file.flush().await();
            assertThat(file.seek(5).await()).isEqualTo(5L);
            ByteBuffer three = ByteBuffer.allocate(3);
            file.readExact(three).await();
            assertThat(new String(three.array())).isEqualTo("one");
            // read-ahead is discarded by a write: it lands right after "one"
            file.writeAll(ByteBuffer.wrap("!".getBytes())).await();
            assertThat(file.position().await()).isEqualTo(9L);
            file.sync().await();
            file.seek(0).await();
            var lines = Io.lines(new BufReader(file));
            StringBuilder sb = new StringBuilder();
            Optional<String> line;
            while ((line = lines.next().await()).isPresent()) sb.append(line.get()).append('|');
            file.close().await();
            assertThatThrownBy(() -> file.seek(0).await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
            return sb.toString();
        });
        assertThat(result).isEqualTo("line one!line two|");
    }

    @Test
    void asyncFile_largeCopy_throughIoCopy() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Path src = tmp.resolve("src");
        Path dst = tmp.resolve("dst");
        Files.write(src, data);
        long n = run(() -> {
            AsyncFile in = AsyncFile.openRead(src).await();
            AsyncFile out = AsyncFile.create(dst).await();
            long copied = Io.copy(in, out).await();
            in.close().await();
            out.close().await();
            return copied;
        });
        assertThat(n).isEqualTo(data.length);
        assertThat(Files.readAllBytes(dst)).isEqualTo(data);
    }

    @Test
    void asyncFile_openMissing_fails_andReadCancelledKeepsBytes() throws Exception {
        assertThatThrownBy(() -> run(() -> AsyncFile.openRead(tmp.resolve("none")).await()))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
        Path f = tmp.resolve("r");
        Files.writeString(f, "abcdef");
        String s = run(() -> {
            AsyncFile file = AsyncFile.openRead(f).await();
            ByteBuffer dst = ByteBuffer.allocate(6);
            Future<Integer> first = file.read(dst);
            // poll once by hand (starts the blocking read), then cancel: the bytes must not be lost
            // (if the pool was faster than this poll, the read is simply complete)
            if (first.poll(new Context(Waker.noop())).isPending()) first.cancel();
            while (dst.hasRemaining()) {
                if (file.read(dst).await() < 0) break;
            }
            int n = dst.position();
            assertThat(n).isEqualTo(6);
            assertThat(file.read(ByteBuffer.allocate(1)).await()).isEqualTo(-1);
            file.close().await();
            return new String(dst.array(), 0, n);
        });
        assertThat(s).isEqualTo("abcdef");
    }

    @Test
    void fsFuture_polledOutsideRuntime_throwsIse_andIsLazy() {
        Future<byte[]> f = Fs.read(tmp.resolve("x")); // creating does nothing
        assertThatThrownBy(() -> f.poll(new Context(Waker.noop()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a Weft runtime");
    }
}

package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixSocketTest {
    @TempDir
    Path dir;

    private WeftRuntime rt;

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    @Test
    void echo_overUnixSockets_pollAndAsyncStyles() {
        Path path = dir.resolve("echo.sock");
        try (UnixListener listener = UnixListener.bind(path)) {
            assertThat(listener.localAddress().getPath()).isEqualTo(path);
            rt.spawn(Async.async(() -> {
                for (;;) {
                    UnixStream s = listener.accept().await();
                    Tasks.spawn(new Echo<>(s, 100)); // poll-style server side
                }
            }));
            List<JoinHandle<String>> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String msg = "hello unix " + i + " " + "x".repeat(i * 100);
                clients.add(rt.spawn(Async.async(() -> {
                    try (UnixStream s = UnixStream.connect(path).await()) {
                        byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
                        s.writeAll(ByteBuffer.wrap(bytes)).await();
                        s.shutdownOutput();
                        ByteBuffer in = ByteBuffer.allocate(bytes.length);
                        s.readExact(in).await();
                        assertThat(s.read(ByteBuffer.allocate(1)).await()).isEqualTo(-1);
                        return new String(in.array(), StandardCharsets.UTF_8);
                    }
                })));
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(rt.blockOn(clients.get(i))).startsWith("hello unix " + i + " ");
            }
        }
        assertThat(Files.exists(path)).as("the socket file is left for the caller").isTrue();
    }

    @Test
    void connect_withoutListener_fails_andClosedListenerAcceptFails() {
        Path path = dir.resolve("none.sock");
        assertThatThrownBy(() -> rt.blockOn(UnixStream.connect(path))).isInstanceOf(UncheckedIOException.class);
        UnixListener l = UnixListener.bind(dir.resolve("closed.sock"));
        l.close();
        assertThatThrownBy(() -> rt.blockOn(l.accept())).isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(ClosedChannelException.class);
    }
}

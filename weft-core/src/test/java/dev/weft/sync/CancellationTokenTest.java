package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

    @Test
    void cancel_wakesWaiters_andIsIdempotent() {
        CancellationToken t = new CancellationToken();
        TestWaker w = new TestWaker();
        Future<Void> f = t.cancelled();
        assertThat(w.poll(f).isPending()).isTrue();
        assertThat(w.poll(f).isPending()).isTrue(); // re-poll does not queue twice
        assertThat(t.isCancelled()).isFalse();
        t.cancel();
        t.cancel();
        assertThat(t.isCancelled()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(w.poll(f).isReady()).isTrue();
        assertThat(w.poll(t.cancelled()).isReady()).isTrue();
        assertThat(t).hasToString("CancellationToken[cancelled]");
    }

    @Test
    void cancelledFuture_cancel_removesWaiter() {
        CancellationToken t = new CancellationToken();
        TestWaker w = new TestWaker();
        Future<Void> f = t.cancelled();
        w.poll(f);
        f.cancel();
        t.cancel();
        assertThat(w.isWoken()).isFalse();
    }

    @Test
    void parentCancel_cancelsDescendants_notTheReverse() {
        CancellationToken root = new CancellationToken();
        CancellationToken child = root.child();
        CancellationToken grandchild = child.child();
        CancellationToken sibling = root.child();
        TestWaker w = new TestWaker();
        w.poll(grandchild.cancelled());

        sibling.cancel();
        assertThat(root.isCancelled()).isFalse();
        assertThat(child.isCancelled()).isFalse();

        root.cancel();
        assertThat(child.isCancelled()).isTrue();
        assertThat(grandchild.isCancelled()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(root.childCount()).isZero();
    }

    @Test
    void child_cancelledOrClosed_leavesParentList() {
        CancellationToken root = new CancellationToken();
        for (int i = 0; i < 1000; i++) root.child().cancel();
        assertThat(root.childCount()).isZero();
        try (CancellationToken.DropGuard g = root.child().cancelOnClose()) {
            assertThat(root.childCount()).isEqualTo(1);
            assertThat(g.token().isCancelled()).isFalse();
        }
        assertThat(root.childCount()).isZero();
        CancellationToken kept = root.child();
        assertThat(root.childCount()).isEqualTo(1);
        kept.child().cancel();
        assertThat(kept.childCount()).isZero();
    }

    @Test
    void child_ofCancelledToken_isBornCancelled() {
        CancellationToken root = new CancellationToken();
        root.cancel();
        CancellationToken c = root.child();
        assertThat(c.isCancelled()).isTrue();
        assertThat(root.childCount()).isZero();
    }

    @Test
    void deepTree_cancelsIteratively() {
        CancellationToken root = new CancellationToken();
        CancellationToken t = root;
        for (int i = 0; i < 100_000; i++) t = t.child();
        root.cancel();
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void dropGuard_disarm_keepsTokenAlive() {
        CancellationToken t = new CancellationToken();
        CancellationToken.DropGuard g = t.cancelOnClose();
        assertThat(g.disarm()).isSameAs(t);
        assertThat(g.token()).isNull();
        assertThatThrownBy(g::disarm).isInstanceOf(IllegalStateException.class).hasMessage("DropGuard already disarmed");
        g.close();
        assertThat(t.isCancelled()).isFalse();
    }

    @Test
    void cancel_fromAnotherThread_wakesAwaitingThread() throws Exception {
        CancellationToken root = new CancellationToken();
        CancellationToken child = root.child();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            child.cancelled().await();
            done.countDown();
        });
        root.cancel();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        t.join();
    }
}

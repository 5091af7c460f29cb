package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {
    @Test
    void runsEveryTaskOnceOnItsWorkersAndAPlatformCaller() throws Exception {
        Thread caller = Thread.currentThread();
        try (ComputePool pool = new ComputePool(3)) {
            for (int count : new int[] {0, 1, 2, 3, 7, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(count, 1));
                pool.parallelFor(count, (i, worker) -> {
                    assertThat(worker).isBetween(0, 2);
                    // A platform caller leads its own loop, standing in for worker 0.
                    Thread t = Thread.currentThread();
                    assertThat(t == caller ? worker == 0 : t.getName().equals("ferrite-compute-" + worker)).isTrue();
                    hits.incrementAndGet(i);
                });
                for (int i = 0; i < count; i++) {
                    assertThat(hits.get(i)).isEqualTo(1);
                }
            }
            // One task runs inline on the leader: here the calling platform thread itself.
            pool.parallelFor(1, (i, w) -> assertThat(Thread.currentThread()).isSameAs(caller));
            // From a virtual thread the work runs on the pool's platform threads, never on the caller.
            AtomicBoolean onVirtual = new AtomicBoolean();
            AtomicInteger ran = new AtomicInteger();
            Thread t = Thread.ofVirtual().start(() -> pool.parallelFor(5, (i, w) -> {
                if (Thread.currentThread().isVirtual()) onVirtual.set(true);
                ran.incrementAndGet();
            }));
            t.join();
            assertThat(onVirtual).isFalse();
            assertThat(ran).hasValue(5);
        }
    }

    @Test
    void aJobRunsItsLoopsOnTheCallerAndNestedJobsInline() {
        Thread caller = Thread.currentThread();
        try (ComputePool pool = new ComputePool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            pool.run(() -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                pool.run(() -> pool.parallelFor(8, (i, w) -> hits.incrementAndGet(i)));
            });
            for (int i = 0; i < 8; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
            assertThatThrownBy(() -> pool.run(() -> {
                throw new IllegalStateException("job");
            })).hasMessage("job");
            pool.run(() -> pool.parallelFor(2, (i, w) -> { })); // usable after a failure
        }
    }

    @Test
    void nestedLoopsRunInlineAndFailuresReachTheCaller() {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(16);
            pool.parallelFor(4, (i, w) -> pool.parallelFor(4, (j, w2) -> {
                assertThat(w2).isEqualTo(w);
                hits.incrementAndGet(i * 4 + j);
            }));
            for (int i = 0; i < 16; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
            assertThatThrownBy(() -> pool.parallelFor(10, (i, w) -> {
                if (i == 5) throw new IllegalStateException("task 5");
            })).hasMessage("task 5");
            pool.parallelFor(2, (i, w) -> { }); // usable after a failure
        }
    }

    @Test
    void aFinishedLoopDoesNotKeepWhatItsTasksCaptured() throws InterruptedException {
        try (ComputePool pool = new ComputePool(2)) {
            WeakReference<float[]> captured = runLoopOver(pool, new float[1 << 20]);
            for (int i = 0; i < 20 && captured.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            // A model's weights, captured by a load-time loop, must not stay alive until the next loop.
            assertThat(captured.get()).isNull();
        }
    }

    private static WeakReference<float[]> runLoopOver(ComputePool pool, float[] data) {
        AtomicInteger sum = new AtomicInteger();
        pool.parallelFor(8, (i, w) -> sum.addAndGet(data.length > i ? 1 : 0));
        assertThat(sum.get()).isEqualTo(8);
        return new WeakReference<>(data);
    }
}

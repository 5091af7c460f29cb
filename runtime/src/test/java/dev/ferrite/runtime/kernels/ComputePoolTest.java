package dev.ferrite.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {
    @Test
    void runsEveryTaskOnceOnItsWorkers() throws Exception {
        try (ComputePool pool = new ComputePool(3)) {
            for (int count : new int[] {0, 1, 2, 3, 7, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(count, 1));
                pool.parallelFor(count, (i, worker) -> {
                    assertThat(worker).isBetween(0, 2);
                    assertThat(Thread.currentThread().getName()).startsWith("ferrite-compute-");
                    hits.incrementAndGet(i);
                });
                for (int i = 0; i < count; i++) {
                    assertThat(hits.get(i)).isEqualTo(1);
                }
            }
            // From a virtual thread too: the work still runs on the pool's platform threads.
            Thread t = Thread.ofVirtual().start(() -> pool.parallelFor(5, (i, w) -> assertThat(Thread.currentThread().isVirtual()).isFalse()));
            t.join();
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
}

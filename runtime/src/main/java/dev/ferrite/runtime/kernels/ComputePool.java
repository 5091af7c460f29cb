package dev.ferrite.runtime.kernels;

import dev.ferrite.runtime.ComputeThreads;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of platform threads that run the tasks {@code 0 .. count-1} of one parallel loop at a
 * time. The caller hands the loop over and waits: compute never runs on the caller's thread, which may
 * be a virtual thread. Loops from several callers run one after the other.
 *
 * <p>A call allocates nothing beyond the caller's lambda. Each worker owns scratch arrays
 * ({@link #scratch}) that grow to the largest size asked and are then reused, so kernels need no
 * per-call buffers. A loop started from inside a worker (a nested loop) runs inline on that worker.
 */
public final class ComputePool implements AutoCloseable {
    /** The body of a parallel loop: task {@code index}, run on worker {@code worker} (0-based). */
    @FunctionalInterface
    public interface Task {
        void run(int index, int worker);
    }

    /**
     * Workers spin this many times before parking: loops of a forward pass come microseconds apart.
     * Short, because on a machine shared with other processes a spinning thread takes the core a
     * working one needs; the waiting caller does not spin at all.
     */
    private static final int SPINS = 1 << 8;
    private static final int SCRATCH_SLOTS = 4;
    private static volatile ComputePool common;

    private final Worker[] workers;
    private final float[][][] scratch;
    private final ReentrantLock submit = new ReentrantLock();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile Task task;
    private volatile int count;
    private volatile long generation;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** A pool of {@code threads} daemon platform threads. */
    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        workers = new Worker[threads];
        scratch = new float[threads][SCRATCH_SLOTS][];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(i);
            workers[i].start();
        }
    }

    /**
     * The process-wide pool, created on first use (a model load) with {@link ComputeThreads#configured()}
     * threads: the {@code ferrite.threads} property, else one per available processor. Later loads
     * share it, whatever the property says by then.
     */
    public static ComputePool common() {
        ComputePool p = common;
        if (p == null) {
            synchronized (ComputePool.class) {
                p = common;
                if (p == null) {
                    common = p = new ComputePool(ComputeThreads.configured());
                }
            }
        }
        return p;
    }

    public int threads() {
        return workers.length;
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)}, spread over the workers, and returns
     * when all have run. A task's exception is rethrown here (the other tasks still run).
     */
    public void parallelFor(int count, Task body) {
        if (count <= 0) {
            return;
        }
        if (Thread.currentThread() instanceof Worker w && w.pool == this) {
            for (int i = 0; i < count; i++) {
                body.run(i, w.index);
            }
            return;
        }
        submit.lock();
        try {
            if (closed) {
                throw new IllegalStateException("compute pool is closed");
            }
            failure = null;
            caller = Thread.currentThread();
            task = body;
            this.count = count;
            next.set(0);
            running.set(workers.length);
            generation++;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            while (running.get() != 0) {
                LockSupport.park(this);
            }
            task = null;
            Throwable t = failure;
            if (t != null) {
                failure = null;
                if (t instanceof RuntimeException r) throw r;
                if (t instanceof Error e) throw e;
                throw new IllegalStateException(t);
            }
        } finally {
            submit.unlock();
        }
    }

    /**
     * A float array of at least {@code size} elements owned by {@code worker} in slot {@code slot}
     * (0..3); contents are unspecified. Only that worker may use it, during one task.
     */
    public float[] scratch(int worker, int slot, int size) {
        float[] a = scratch[worker][slot];
        if (a == null || a.length < size) {
            scratch[worker][slot] = a = new float[Math.max(size, a == null ? 0 : a.length * 3 / 2)];
        }
        return a;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            w.interrupt();
        }
    }

    private final class Worker extends Thread {
        final int index;
        final ComputePool pool = ComputePool.this;

        Worker(int index) {
            super("ferrite-compute-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!closed) {
                int spins = 0;
                while (generation == seen) {
                    if (closed) return;
                    if (spins++ < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(pool);
                    }
                }
                seen = generation;
                Task body = task;
                int n = count;
                try {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        body.run(i, index);
                    }
                } catch (Throwable t) {
                    failure = t;
                    next.set(n); // the others stop taking tasks
                }
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}

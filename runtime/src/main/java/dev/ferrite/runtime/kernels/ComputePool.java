package dev.ferrite.runtime.kernels;

import dev.ferrite.runtime.ComputeThreads;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of platform threads that run the tasks {@code 0 .. count-1} of one parallel loop at a
 * time. Compute never runs on a virtual thread.
 *
 * <p>A job ({@link #run}, e.g. one forward pass) has a leader: the caller itself when it is a
 * platform thread, else worker 0, to which a virtual-thread caller hands the job before parking
 * once. Every {@link #parallelFor} inside that job is then shared between the leader, which takes
 * tasks itself instead of waiting, and the other workers, which spin briefly between loops. So a
 * forward pass of ~40 loops costs at most one hand-off, not 40, and a loop does not wait for a
 * sleeping worker to be scheduled before it starts: the leader begins at once and the others join
 * (tasks are taken from a shared counter). A platform caller leading its own job saves the two
 * wake-ups of a hand-off (worker 0, then the caller), each a wait for a core on a loaded machine
 * (batch 1 on a loaded 2-core machine: p50 of a pass 0.1-4.6 ms lower, of 9-15, in 4 of 4 runs).
 * A {@code parallelFor} called from outside a job is run as a job of its own. Jobs from several
 * callers run one after the other, so at most {@link #threads()} threads compute at a time (a
 * leading caller stands in for worker 0, which is idle meanwhile and whose scratch it uses).
 *
 * <p>A loop allocates one small object beside the caller's lambda. Each worker owns scratch arrays
 * ({@link #scratch}) that grow to the largest size asked and are then reused, so kernels need no
 * per-call buffers. A loop started from inside a task (a nested loop) runs inline on that thread.
 */
public final class ComputePool implements AutoCloseable {
    /** The body of a parallel loop: task {@code index}, run on worker {@code worker} (0-based). */
    @FunctionalInterface
    public interface Task {
        void run(int index, int worker);
    }

    /**
     * The leader spins this many times, waiting for tasks a helper took, before it naps: short,
     * because on a machine shared with other processes a spinning thread takes the core a working
     * one needs.
     */
    private static final int SPINS = 1 << 10;
    /**
     * How long a helper spins for the next loop before it parks: 200 us, which spans the gaps
     * between the loops of a forward pass (the leader's serial parts, a slow task on a loaded core).
     * With 1024 spins (~16 us) a helper often parked in one of those gaps and joined the next loop
     * only after a wake-up, when a short loop (attention at 25 tokens: 12 tasks of ~3 us) was over: a
     * batch-1 pass of the default model took p50 3.28 ms against 3.10 ms spinning 200 us (p90 3.86
     * against 3.48; one JVM, the two settings in turn every 200 passes, 3,600 passes each). The cost
     * is at most 200 us of one core after the last loop of a pass.
     */
    private static final long HELPER_SPIN_NANOS = 200_000;
    private static final int SCRATCH_SLOTS = 3;
    private static volatile ComputePool common;

    private final Worker[] workers;
    private final float[][][] scratch;
    private final ReentrantLock submit = new ReentrantLock();
    // The current job, handed from a caller to the leader (worker 0).
    private volatile Runnable job;
    private volatile Thread caller;
    private volatile boolean jobDone;
    private volatile Throwable failure;
    /** The current loop, shared by the leader with the helpers (workers 1..); a new object per loop. */
    private volatile Loop loop;
    private volatile boolean closed;
    /** The platform thread running its job itself as the leader (see {@link #run}), or null. */
    private volatile Thread leadingCaller;
    /** True while the leading caller runs a task of a loop. Touched by that thread only. */
    private boolean callerInLoop;

    /**
     * One parallel loop. Tasks are taken from {@code next}; the leader waits until {@code done}
     * reaches the count, i.e. only for tasks a helper actually took (a helper that wakes late finds
     * none left and does nothing, even if a later loop has started meanwhile).
     */
    private static final class Loop {
        /**
         * Null once every task has run: the pool and its helpers keep the last loop until the next
         * one, and its lambda must not keep what it captured (a forward pass's arrays, a model's
         * weights at load) alive that long.
         */
        Task body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Loop(Task body, int count) {
            this.body = body;
            this.count = count;
        }

        /** Takes and runs tasks until none are left. */
        void work(int worker) {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    body.run(i, worker);
                } catch (Throwable t) {
                    failure = t;
                    int untaken = next.getAndSet(count); // the others stop taking tasks
                    if (untaken < count) done.addAndGet(count - untaken);
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

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
     * Runs {@code body} as a job and returns when it has finished; the parallel loops it starts are
     * shared by all workers. A platform thread runs it itself, as the leader; a virtual thread hands
     * it to worker 0 and parks (compute must not pin its carrier). Its exception is rethrown here.
     * Called from a worker of this pool or from inside a job, runs inline.
     */
    public void run(Runnable body) {
        Thread me = Thread.currentThread();
        if (me instanceof Worker w && w.pool == this || me == leadingCaller) {
            body.run();
            return;
        }
        submit.lock();
        try {
            if (closed) {
                throw new IllegalStateException("compute pool is closed");
            }
            if (me.isVirtual()) {
                handToWorker0(me, body);
            } else {
                leadingCaller = me;
                try {
                    body.run();
                } finally {
                    leadingCaller = null;
                }
            }
        } finally {
            submit.unlock();
        }
    }

    /** A virtual-thread caller's job: worker 0 leads it while the caller parks. Holds {@link #submit}. */
    private void handToWorker0(Thread me, Runnable body) {
        failure = null;
        caller = me;
        jobDone = false;
        job = body;
        LockSupport.unpark(workers[0]);
        while (!jobDone) {
            LockSupport.park(this);
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            rethrow(t);
        }
    }

    /** Throws {@code t} as it is when unchecked, else wrapped. */
    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)}, spread over the workers, and returns
     * when all have run. A task's exception is rethrown here (the other tasks still run).
     */
    public void parallelFor(int count, Task body) {
        if (count <= 0) {
            return;
        }
        Thread me = Thread.currentThread();
        boolean caller = me == leadingCaller;
        Worker w = me instanceof Worker x && x.pool == this ? x : null;
        if (w == null && !caller) {
            run(() -> parallelFor(count, body));
            return;
        }
        boolean inLoop = caller ? callerInLoop : w.inLoop;
        int index = caller ? 0 : w.index;
        if (index != 0 || inLoop || workers.length == 1 || count == 1) {
            setInLoop(w, true);
            try {
                for (int i = 0; i < count; i++) {
                    body.run(i, index);
                }
            } finally {
                setInLoop(w, inLoop);
            }
            return;
        }
        // The leader shares the loop with the helpers and takes tasks itself.
        Loop l = new Loop(body, count);
        loop = l;
        for (int i = 1; i < workers.length; i++) {
            if (workers[i].parked) LockSupport.unpark(workers[i]);
        }
        setInLoop(w, true);
        try {
            l.work(0);
        } finally {
            setInLoop(w, false);
        }
        // Tasks a helper took are under way: wait by spinning, then in short naps.
        int spins = 0;
        while (l.done.get() < count) {
            if (spins++ < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
        l.body = null; // every task has run (done == count), so no thread reads it again
        if (l.failure != null) {
            rethrow(l.failure);
        }
    }

    /** Marks the leader (worker w, or the leading caller when w is null) as inside a loop or not. */
    private void setInLoop(Worker w, boolean value) {
        if (w != null) {
            w.inLoop = value;
        } else {
            callerInLoop = value;
        }
    }

    /**
     * A float array of at least {@code size} elements owned by {@code worker} in slot {@code slot}
     * (0..2); contents are unspecified. Only that worker may use it, during one task.
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
        /** True while this worker runs a task of a loop: a loop started then runs inline. */
        boolean inLoop;
        /** True while parked or about to park: the leader then unparks it for a loop. */
        volatile boolean parked;

        Worker(int index) {
            super("ferrite-compute-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            if (index == 0) {
                lead();
            } else {
                help();
            }
        }

        /** Worker 0: waits for a job, runs it, wakes its caller. */
        private void lead() {
            while (!closed) {
                Runnable body = job;
                if (body == null) {
                    LockSupport.park(pool);
                    continue;
                }
                job = null;
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                }
                Thread c = caller;
                jobDone = true;
                LockSupport.unpark(c);
            }
        }

        /** Workers 1..: wait for a loop (spinning, then parked), take its tasks until none are left. */
        private void help() {
            Loop seen = null;
            while (!closed) {
                long spinStart = System.nanoTime();
                Loop l;
                while ((l = loop) == seen) {
                    if (closed) return;
                    if (System.nanoTime() - spinStart < HELPER_SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (loop == seen && !closed) LockSupport.park(pool);
                        parked = false;
                    }
                }
                seen = l;
                inLoop = true;
                try {
                    l.work(index);
                } finally {
                    inLoop = false;
                }
            }
        }
    }
}

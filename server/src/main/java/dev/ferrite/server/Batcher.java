package dev.ferrite.server;

import dev.ferrite.runtime.embed.Encoder;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.runtime.embed.TokenBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching between request threads and the model: a bounded queue of {@link Job}s and a
 * fixed set of platform threads (the model workers), each of which, whenever it is free, packs the
 * head of the queue into an unpadded {@link TokenBatch} and runs it through the {@link Encoder}.
 * A worker forms its own batch, so a request reaches the model with one thread wake-up (the idle
 * worker's), not two (a batcher thread's, then a worker's): at concurrency 1 each wake-up is
 * latency, and on a busy machine a wake-up can wait for a time slice.
 *
 * <p>The contract:
 * <ul>
 * <li>At most {@code maxConcurrent} jobs are admitted at once (queued or computing); a
 *     {@link #submit} that would pass that admits none of its jobs and throws
 *     {@link ErrorType#OVERLOADED}.</li>
 * <li>A batch is formed the moment a worker is free, from the head of the queue in arrival order:
 *     as many jobs as fit in {@code maxBatchTokens} tokens and {@code maxBatchRequests} sequences
 *     (a single job longer than the budget goes alone). So a request's jobs may be split across
 *     batches, and jobs that arrive while a batch computes join the next one.</li>
 * <li>Each job's future completes with exactly its own result; sequences never see each other
 *     (the Encoder contract).</li>
 * <li>A job whose future is already done when its batch is formed or starts (its request
 *     cancelled it: the HTTP client left, the server is stopping, another of its jobs failed; see
 *     {@link Inference}) is dropped, not computed, and counted as
 *     {@code te_request_failure{err="dropped"}}. A job already computing runs to the end; a cancelled
 *     future ignores its result.</li>
 * <li>A model failure fails the futures of that batch with {@link ErrorType#BACKEND}; the workers
 *     go on with the next batch.</li>
 * </ul>
 *
 * <p>Model work never runs on a virtual thread: the workers are platform threads, so a long
 * matrix product pins no carrier thread that request handling needs.
 */
public final class Batcher implements AutoCloseable {
    private final Encoder encoder;
    private final Pooling pooling;
    private final int maxBatchTokens;
    private final int maxBatchRequests;
    private final int maxConcurrent;
    private final ServerMetrics metrics;

    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private boolean closed;

    private final List<Thread> workers;

    private record Entry(Job job, CompletableFuture<JobResult> future, long enqueued) {
    }

    /**
     * @param maxBatchRequests the most sequences of a batch; 0 for no cap but the token budget
     * @param workers          model worker threads (each computes one batch at a time)
     */
    public Batcher(Encoder encoder, Pooling pooling, int maxConcurrent, int maxBatchTokens, int maxBatchRequests,
                   int workers, ServerMetrics metrics) {
        if (maxConcurrent < 1 || maxBatchTokens < 1 || maxBatchRequests < 0 || workers < 1) {
            throw new IllegalArgumentException("bad limits: concurrent " + maxConcurrent + ", batch tokens " + maxBatchTokens
                    + ", batch requests " + maxBatchRequests + ", workers " + workers);
        }
        this.encoder = encoder;
        this.pooling = pooling;
        this.maxConcurrent = maxConcurrent;
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchRequests = maxBatchRequests;
        this.metrics = metrics;
        this.permits = new Semaphore(maxConcurrent);
        List<Thread> threads = new ArrayList<>(workers);
        for (int i = 1; i <= workers; i++) {
            threads.add(Thread.ofPlatform().name("ferrite-model-worker-" + i).daemon(true).start(this::work));
        }
        this.workers = List.copyOf(threads);
    }

    /**
     * Queues the jobs, all or none, in order. Each future completes with its job's result, or
     * exceptionally with an {@link ApiException}; cancelling a future drops its job if not yet started.
     *
     * @throws ApiException {@link ErrorType#OVERLOADED} when the jobs would pass the concurrency
     *                      limit, {@link ErrorType#UNHEALTHY} once {@link #close} has begun
     */
    public List<CompletableFuture<JobResult>> submit(List<Job> jobs) {
        int n = jobs.size();
        if (n > maxConcurrent || !permits.tryAcquire(n)) {
            throw new ApiException(ErrorType.OVERLOADED, "Model is overloaded");
        }
        List<CompletableFuture<JobResult>> futures = new ArrayList<>(n);
        long now = System.nanoTime();
        lock.lock();
        try {
            if (closed) {
                permits.release(n);
                throw new ApiException(ErrorType.UNHEALTHY, "the server is shutting down");
            }
            for (Job job : jobs) {
                CompletableFuture<JobResult> f = new CompletableFuture<>();
                // Whatever ends the job (result, failure, the client cancelling) frees its place.
                f.whenComplete((r, x) -> permits.release());
                futures.add(f);
                queue.addLast(new Entry(job, f, now));
            }
            metrics.queueSize(queue.size());
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        return futures;
    }

    /** Jobs admitted and not yet finished (queued or computing). */
    public int inFlight() {
        return maxConcurrent - permits.availablePermits();
    }

    /** Jobs waiting for a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close} has begun. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops admitting jobs, computes every job already queued, and stops the threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A model worker: takes the next batch whenever it is free and computes it, until closed and drained. */
    private void work() {
        for (List<Entry> batch; (batch = nextBatch()) != null; ) {
            compute(batch);
        }
    }

    /** The next batch from the head of the queue; null once closed and empty. */
    private List<Entry> nextBatch() {
        lock.lock();
        try {
            while (true) {
                List<Entry> batch = new ArrayList<>();
                int tokens = 0;
                while (!queue.isEmpty()) {
                    Entry e = queue.peekFirst();
                    if (e.future.isDone()) {
                        queue.pollFirst();
                        metrics.failure("dropped");
                        continue;
                    }
                    if (!batch.isEmpty() && tokens + e.job.tokens() > maxBatchTokens) {
                        break;
                    }
                    queue.pollFirst();
                    batch.add(e);
                    tokens += e.job.tokens();
                    if (batch.size() == maxBatchRequests) {
                        break;
                    }
                }
                metrics.queueSize(queue.size());
                if (!batch.isEmpty()) {
                    if (!queue.isEmpty()) {
                        notEmpty.signal(); // what did not fit is for another idle worker, if any
                    }
                    metrics.batch(batch.size(), tokens);
                    return batch;
                }
                if (closed) {
                    return null;
                }
                notEmpty.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs one batch on this (worker) thread and completes its futures. */
    private void compute(List<Entry> formed) {
        List<Entry> batch = new ArrayList<>(formed.size());
        for (Entry e : formed) {
            if (e.future.isDone()) {
                metrics.failure("dropped");
            } else {
                batch.add(e);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int[] starts = new int[batch.size() + 1];
        for (int i = 0; i < batch.size(); i++) {
            starts[i + 1] = starts[i] + batch.get(i).job.tokens();
        }
        int[] ids = new int[starts[batch.size()]];
        int[] typeIds = new int[ids.length];
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i).job;
            System.arraycopy(job.ids(), 0, ids, starts[i], job.tokens());
            System.arraycopy(job.typeIds(), 0, typeIds, starts[i], job.tokens());
        }
        TokenBatch tokens = new TokenBatch(ids, typeIds, starts);
        long start = System.nanoTime();
        try {
            float[] hidden = encoder.run(tokens); // [tokens, hidden]
            long end = System.nanoTime();
            metrics.batchInference(end - start);
            int dim = tokens.tokens() > 0 ? hidden.length / tokens.tokens() : encoder.hiddenSize();
            if (dim <= 0 || hidden.length != tokens.tokens() * dim) {
                throw new IllegalStateException("the model returned " + hidden.length + " values for " + tokens.tokens() + " tokens");
            }
            for (int i = 0; i < batch.size(); i++) {
                Entry e = batch.get(i);
                float[] values = output(e.job, hidden, starts[i], dim);
                e.future.complete(new JobResult(values, e.job.tokens(), start - e.enqueued, end - start));
            }
        } catch (Throwable t) {
            // Every failure of the model is the backend's: the requests get 424, the worker goes on.
            ApiException x = new ApiException(ErrorType.BACKEND, "Inference failed: " + oneLine(t), t);
            for (Entry e : batch) {
                e.future.completeExceptionally(x);
            }
        }
    }

    private float[] output(Job job, float[] hidden, int start, int dim) {
        int n = job.tokens();
        if (job.output() == Job.Output.TOKENS) {
            return Arrays.copyOfRange(hidden, start * dim, (start + n) * dim);
        }
        if (n == 0) {
            return new float[dim];
        }
        float[] v = pooling.pool(hidden, start * dim, n, dim);
        return job.output() == Job.Output.POOLED_NORMALIZED ? Pooling.normalize(v) : v;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\R+", " ");
    }
}

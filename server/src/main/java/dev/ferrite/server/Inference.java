package dev.ferrite.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One request's way through the model: tokenize its inputs (on the calling request thread),
 * queue them as jobs, wait for their results. Times each stage for TEI's headers and metrics.
 */
final class Inference {
    private final Batcher batcher;
    private final ServerMetrics metrics;

    Inference(Batcher batcher, ServerMetrics metrics) {
        this.batcher = batcher;
        this.metrics = metrics;
    }

    /**
     * The results of a request's jobs, in order, and its timings.
     *
     * @param tokenizationNanos time spent tokenizing all inputs
     * @param queueNanos        mean over the inputs of the time they waited for a batch
     * @param inferenceNanos    mean over the inputs of their batch's compute time
     * @param tokens            tokens computed over all inputs
     */
    record Outcome(List<JobResult> results, long startNanos, long tokenizationNanos, long queueNanos,
                   long inferenceNanos, int tokens, int characters) {
    }

    /**
     * Tokenizes (through {@code jobs}), queues and waits.
     *
     * @param characters the request's input length in characters, for {@code x-compute-characters}
     * @throws ApiException whatever stage failed: tokenization, admission (429), the model (424)
     */
    Outcome run(long startNanos, int characters, Supplier<List<Job>> jobs) {
        long t0 = System.nanoTime();
        List<Job> list = jobs.get();
        long tokenization = System.nanoTime() - t0;
        List<CompletableFuture<JobResult>> futures = batcher.submit(list);
        List<JobResult> results = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<JobResult> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            // The request thread was told to stop (its client left, or the server is stopping):
            // what is still queued for it is dropped, not computed.
            futures.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorType.UNHEALTHY, "the request was interrupted");
        } catch (ExecutionException | CancellationException e) {
            futures.forEach(f -> f.cancel(false));
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ErrorType.BACKEND, "Inference failed: " + e, e);
        }
        long queue = 0;
        long inference = 0;
        int tokens = 0;
        for (JobResult r : results) {
            queue += r.queueNanos();
            inference += r.inferenceNanos();
            tokens += r.tokens();
        }
        int n = Math.max(1, results.size());
        return new Outcome(results, startNanos, tokenization, queue / n, inference / n, tokens, characters);
    }

    /** Records the request's timings in the metrics; returns the total time in nanoseconds. */
    long record(Outcome o) {
        long total = System.nanoTime() - o.startNanos();
        metrics.timings(total, o.tokenizationNanos(), o.queueNanos(), o.inferenceNanos());
        return total;
    }
}

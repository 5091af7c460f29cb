package dev.ferrite.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One request's way through the model: tokenize its inputs (on the calling request thread),
 * queue them as jobs, wait for their results. Times each stage for TEI's headers and metrics.
 *
 * <p>What cancels a request's jobs (queued ones are then dropped by the {@link Batcher}, not
 * computed; one already computing finishes and its result is discarded):
 * <ul>
 * <li>its client leaving while it waits: the {@link ClientWatch} sees the connection closed or
 *     reset, {@link #run} throws {@link ClientGoneException} at once (no response is written: the
 *     server closes the connection) and counts {@code ferrite_request_client_gone};</li>
 * <li>the request thread being interrupted (the server stopping);</li>
 * <li>a model failure (the request's other jobs are dropped).</li>
 * </ul>
 * The wait itself is on the jobs' futures, so a request returns the moment its last job completes.
 */
final class Inference {
    private final Batcher batcher;
    private final ClientWatch clients;
    private final ServerMetrics metrics;

    Inference(Batcher batcher, ClientWatch clients, ServerMetrics metrics) {
        this.batcher = batcher;
        this.clients = clients;
        this.metrics = metrics;
    }

    /** The request's client left while it waited; its jobs are cancelled and no response is due. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super("the client closed the connection while its request waited", null, false, false);
        }
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
     * Tokenizes (through {@code jobs}), queues and waits, watching {@code client} meanwhile.
     *
     * @param client     the request's TCP connection, watched while the jobs wait; null: not watched
     * @param characters the request's input length in characters, for {@code x-compute-characters}
     * @throws ApiException        whatever stage failed: tokenization, admission (429), the model (424)
     * @throws ClientGoneException the client left before the results were all in
     */
    Outcome run(TcpTable.Connection client, long startNanos, int characters, Supplier<List<Job>> jobs) {
        long t0 = System.nanoTime();
        List<Job> list = jobs.get();
        long tokenization = System.nanoTime() - t0;
        List<CompletableFuture<JobResult>> futures = batcher.submit(list);
        List<JobResult> results = new ArrayList<>(futures.size());
        AtomicBoolean gone = new AtomicBoolean();
        try (ClientWatch.Watch watch = clients.watch(client, () -> {
            gone.set(true); // before the cancelling, which wakes this thread
            futures.forEach(f -> f.cancel(false));
        })) {
            for (CompletableFuture<JobResult> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            // The request thread was told to stop (the server is stopping): what is still queued
            // for it is dropped, not computed.
            futures.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorType.UNHEALTHY, "the request was interrupted");
        } catch (ExecutionException | CancellationException e) {
            futures.forEach(f -> f.cancel(false));
            if (gone.get()) {
                metrics.clientGone();
                throw new ClientGoneException();
            }
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

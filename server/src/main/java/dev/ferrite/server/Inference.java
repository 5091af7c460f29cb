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
 *
 * <p>An HTTP client that disconnects while its request waits here is not noticed, so its queued
 * inputs are still computed (the batcher would drop them if their futures were cancelled). Helidon
 * 4.5.0 gives no sound signal, checked on its classes:
 * <ul>
 * <li>The handler runs on the connection's own virtual thread, and that thread is the only one that
 *     reads the socket, between requests. While the handler waits nothing reads, so the client's FIN
 *     or RST is first seen when the response is written or the next request is read. Nothing
 *     interrupts the handler when the client goes.</li>
 * <li>A handler cannot reach its connection: {@code ServerRequest} exposes no {@code ConnectionContext}
 *     (only an {@code Http1ConnectionListener} callback receives it).</li>
 * <li>Through that context, {@code serverSocket()} with the default NIO sockets
 *     ({@code ListenerConfig.useNio} true) is a {@code NioSocket}: {@code idle()} does nothing and
 *     {@code isConnected()} is {@code SocketChannel.isOpen()}, true until the server closes it.
 *     With {@code useNio(false)}, {@code PlainSocket.idle()} starts {@code IdleInputStream}'s monitor,
 *     built for the client's connection cache: the server never sets SO_TIMEOUT on accepted sockets,
 *     so after one 101 ms read attempt the monitor gives up, reports a live client as disconnected
 *     and makes the next read of that connection fail (tried: a connected client showed
 *     {@code isConnected() == false} at 150 ms and its next request got an internal error).</li>
 * <li>Reading the socket from a second thread while the handler waits (through the context's
 *     {@code dataReader()}) would race with the connection thread reading the next request once the
 *     handler returns, and a blocked channel read cannot be abandoned without closing the channel.</li>
 * </ul>
 * What does cancel the jobs: the request thread being interrupted (the server stopping), and a
 * model failure (the request's other jobs are dropped).
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
            // The request thread was told to stop (the server is stopping; a client that left does
            // not interrupt it, see above): what is still queued for it is dropped, not computed.
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

package dev.ferrite.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus series, named as text-embeddings-inference names them ({@code te_*}), with
 * its bucket layouts: durations in seconds on a geometric scale from 15 µs (factor 1.5, 35 buckets),
 * input lengths and batch sizes on powers of two. Series TEI does not have are named {@code ferrite_*}.
 *
 * <p>The Prometheus text format adds {@code _total} to counter names ({@code te_request_count_total})
 * and {@code _bucket/_sum/_count} to histograms, as any Prometheus client does.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary duration;
    private final DistributionSummary tokenization;
    private final DistributionSummary queue;
    private final DistributionSummary inference;
    private final DistributionSummary inputLength;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchTokens;
    private final DistributionSummary batchInference;
    private final AtomicInteger queueSize = new AtomicInteger();

    public ServerMetrics(int maxInputLength) {
        double[] durations = new double[35];
        double v = 0.00001;
        for (int i = 0; i < durations.length; i++) {
            v *= 1.5;
            durations[i] = v;
        }
        duration = seconds("te_request_duration", durations);
        tokenization = seconds("te_request_tokenization_duration", durations);
        queue = seconds("te_request_queue_duration", durations);
        inference = seconds("te_request_inference_duration", durations);
        inputLength = DistributionSummary.builder("te_request_input_length").serviceLevelObjectives(powersOfTwo(20, maxInputLength))
                .register(registry);
        batchSize = DistributionSummary.builder("te_batch_next_size").serviceLevelObjectives(powersOfTwo(13, Integer.MAX_VALUE))
                .register(registry);
        batchTokens = DistributionSummary.builder("te_batch_next_tokens").serviceLevelObjectives(powersOfTwo(21, Integer.MAX_VALUE))
                .register(registry);
        batchInference = seconds("te_batch_inference_duration", durations);
        Gauge.builder("te_queue_size", queueSize, AtomicInteger::get).register(registry);
    }

    private DistributionSummary seconds(String name, double[] buckets) {
        return DistributionSummary.builder(name).serviceLevelObjectives(buckets).register(registry);
    }

    private static double[] powersOfTwo(int count, int max) {
        return java.util.stream.IntStream.range(0, count).mapToDouble(i -> Math.pow(2, i)).filter(x -> x <= Math.max(1, max)).toArray();
    }

    /** A request arrived; {@code method} is {@code single} or {@code batch}. */
    public void request(String method) {
        Counter.builder("te_request_count").tag("method", method).register(registry).increment();
    }

    /** A request was answered; {@code method} is {@code single} or {@code batch}. */
    public void success(String method) {
        Counter.builder("te_request_success").tag("method", method).register(registry).increment();
    }

    /** A request or queued input failed; {@code err} as TEI: validation, tokenization, overloaded, inference, dropped... */
    public void failure(String err) {
        Counter.builder("te_request_failure").tag("err", err).register(registry).increment();
    }

    /**
     * A request was abandoned because its client closed the connection while it waited (Ferrite's
     * own series: TEI counts only the inputs this drops, as {@code te_request_failure{err="dropped"}}).
     */
    public void clientGone() {
        Counter.builder("ferrite_request_client_gone").register(registry).increment();
    }

    /** The timings of an answered request, in nanoseconds. */
    public void timings(long totalNanos, long tokenizationNanos, long queueNanos, long inferenceNanos) {
        duration.record(totalNanos / 1e9);
        tokenization.record(tokenizationNanos / 1e9);
        queue.record(queueNanos / 1e9);
        inference.record(inferenceNanos / 1e9);
    }

    public void inputLength(int tokens) {
        inputLength.record(tokens);
    }

    /** A batch went to the model. */
    public void batch(int sequences, int tokens) {
        batchSize.record(sequences);
        batchTokens.record(tokens);
    }

    /** A batch came back from the model after {@code nanos} of compute. */
    public void batchInference(long nanos) {
        batchInference.record(nanos / 1e9);
    }

    /** The number of inputs waiting for a batch, read whenever metrics are scraped. */
    public void queueSize(int size) {
        queueSize.set(size);
    }

    /** The Prometheus text exposition of every series. */
    public String scrape() {
        return registry.scrape();
    }

    static long nanosToMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** For tests: the current value of a no-tag or tagged counter, 0 when never incremented. */
    double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}

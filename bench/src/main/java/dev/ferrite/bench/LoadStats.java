package dev.ferrite.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one concurrency level of bench/load-server measured: every request that completed inside
 * the measured window, its HTTP status and its latency. One {@link Recorder} per client thread (no
 * sharing while the load runs), merged by {@link #summarize} afterwards.
 */
final class LoadStats {
    /** Status recorded for a request that got no HTTP response at all (connection refused, reset, timeout). */
    static final int NO_RESPONSE = 0;
    /** Status recorded for a 200 whose body was not a JSON array of vectors. */
    static final int BAD_BODY = -1;

    private LoadStats() {
    }

    /** One client thread's requests. Not thread-safe: one thread writes it, {@link #summarize} reads it after a join. */
    static final class Recorder {
        private long[] okNanos = new long[256];
        private int ok;
        private final Map<Integer, Integer> others = new TreeMap<>();

        /** One completed request: its status (or {@link #NO_RESPONSE}, {@link #BAD_BODY}) and latency in nanoseconds. */
        void record(int status, long latencyNanos) {
            if (status == 200) {
                if (ok == okNanos.length) {
                    okNanos = Arrays.copyOf(okNanos, ok * 2);
                }
                okNanos[ok++] = latencyNanos;
            } else {
                others.merge(status, 1, Integer::sum);
            }
        }
    }

    /**
     * A level's figures.
     *
     * @param requests    requests completed in the window, whatever their status
     * @param ok          of which answered 200 with vectors
     * @param rejected    of which answered 429 (the deliberate overload answer)
     * @param errors      the rest by status: any other HTTP status, {@link #NO_RESPONSE}, {@link #BAD_BODY}
     * @param windowNanos the measured window
     * @param p50Nanos    median latency of the 200s (nearest rank); 0 when there were none
     * @param p99Nanos    99th percentile latency of the 200s (nearest rank); 0 when there were none
     */
    record Summary(long requests, long ok, long rejected, Map<Integer, Long> errors, long windowNanos,
                   long p50Nanos, long p99Nanos) {
        double requestsPerSecond() {
            return requests * 1e9 / windowNanos;
        }

        /** Sentences embedded per second: each 200 carried {@code sentencesPerRequest} inputs. */
        double sentencesPerSecond(int sentencesPerRequest) {
            return ok * (double) sentencesPerRequest * 1e9 / windowNanos;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Merges the recorders of a level measured over {@code windowNanos}. */
    static Summary summarize(List<Recorder> recorders, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window of " + windowNanos + " ns");
        }
        int n = 0;
        for (Recorder r : recorders) {
            n += r.ok;
        }
        long[] all = new long[n];
        int at = 0;
        long rejected = 0;
        Map<Integer, Long> errors = new TreeMap<>();
        for (Recorder r : recorders) {
            System.arraycopy(r.okNanos, 0, all, at, r.ok);
            at += r.ok;
            for (Map.Entry<Integer, Integer> e : r.others.entrySet()) {
                if (e.getKey() == 429) {
                    rejected += e.getValue();
                } else {
                    errors.merge(e.getKey(), (long) e.getValue(), Long::sum);
                }
            }
        }
        Arrays.sort(all);
        long other = errors.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(n + rejected + other, n, rejected, errors, windowNanos, percentile(all, 50), percentile(all, 99));
    }

    /**
     * The nearest-rank percentile of sorted values: the smallest value with at least {@code p}% of
     * the values at or below it ({@code sorted[ceil(p / 100 * n) - 1]}); 0 for no values.
     */
    static long percentile(long[] sorted, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length / 100); // p * n first: p / 100 is inexact in binary and ceil would round it up a rank
        return sorted[Math.max(0, rank - 1)];
    }

    /** How an error status prints: the HTTP status, or what stands in for one. */
    static String statusName(int status) {
        return switch (status) {
            case NO_RESPONSE -> "no-response";
            case BAD_BODY -> "bad-body";
            default -> Integer.toString(status);
        };
    }
}

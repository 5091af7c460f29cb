package dev.ferrite.bench;

import java.util.Locale;

/** The server's own series read off its /metrics (Prometheus text), for {@link LoadServer}'s per-level figures. */
final class ServerSeries {
    private ServerSeries() {
    }

    /**
     * The batches the server formed in a window, from its /metrics at the window's edges:
     * how many, their sequences, and the seconds the model spent on them, so the model's own rate
     * in the server ({@code sentences / seconds}) compares with the engine-only figure.
     */
    record Batches(long count, double sentences, double modelSeconds, Requests requests) {
        static final Batches NONE = new Batches(0, 0, 0, Requests.NONE);

        double meanSize() {
            return count == 0 ? 0 : sentences / count;
        }

        double modelSentencesPerSecond() {
            return modelSeconds == 0 ? 0 : sentences / modelSeconds;
        }

        Batches minus(Batches o) {
            return new Batches(count - o.count, sentences - o.sentences, modelSeconds - o.modelSeconds, requests.minus(o.requests));
        }

        /** Read off a Prometheus text exposition ({@code te_batch_next_size}, {@code te_batch_inference_duration}, {@code te_request_*}). */
        static Batches parse(String metrics) {
            long count = 0;
            double sentences = 0;
            double seconds = 0;
            double[] r = new double[5];
            for (String line : metrics.split("\\n")) {
                String[] kv = line.split(" ");
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0]) {
                    case "te_batch_next_size_count" -> count = (long) Double.parseDouble(kv[1]);
                    case "te_batch_next_size_sum" -> sentences = Double.parseDouble(kv[1]);
                    case "te_batch_inference_duration_sum" -> seconds = Double.parseDouble(kv[1]);
                    case "te_request_duration_count" -> r[0] = Double.parseDouble(kv[1]);
                    case "te_request_duration_sum" -> r[1] = Double.parseDouble(kv[1]);
                    case "te_request_tokenization_duration_sum" -> r[2] = Double.parseDouble(kv[1]);
                    case "te_request_queue_duration_sum" -> r[3] = Double.parseDouble(kv[1]);
                    case "te_request_inference_duration_sum" -> r[4] = Double.parseDouble(kv[1]);
                    default -> {
                    }
                }
            }
            return new Batches(count, sentences, seconds, new Requests((long) r[0], r[1], r[2], r[3], r[4]));
        }
    }

    /**
     * The server's own account of its answered requests (TEI's te_request_* series, sums in seconds):
     * from reading the body to the response being ready, of which tokenization, waiting for a
     * batch (the worker's wake-up included) and the batch's compute.
     */
    record Requests(long count, double total, double tokenization, double queue, double inference) {
        static final Requests NONE = new Requests(0, 0, 0, 0, 0);

        Requests minus(Requests o) {
            return new Requests(count - o.count, total - o.total, tokenization - o.tokenization, queue - o.queue, inference - o.inference);
        }

        /** Mean milliseconds per request: total, tokenization, queue, inference, and the rest (parsing, pooling, hand-backs, JSON). */
        String breakdown() {
            if (count == 0) {
                return "no requests";
            }
            double n = count / 1e3;
            return String.format(Locale.ROOT, "in the server %.2f ms = tokenization %.2f + queue %.2f + inference %.2f + rest %.2f",
                    total / n, tokenization / n, queue / n, inference / n, (total - tokenization - queue - inference) / n);
        }
    }
}

package dev.ferrite.bench;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine without the server, in this JVM: the same model embedding the same sentences, the way
 * the server's batcher feeds it (tokenize, pack unpadded under the token budget, embed with
 * normalization), so the server's figures have their ceiling measured in the same run.
 */
final class EngineOnly {
    private final EmbeddingModel model;
    private final String[] sentences;
    private final AtomicLong next = new AtomicLong();

    /**
     * @param latencyNanos median time to embed one sentence alone (tokenize + model + pool)
     * @param sentencesPerSecond sentences embedded per second in batches of {@code batch}
     *                           sentences on {@code workers} threads
     */
    record Figures(long latencyNanos, long singles, double sentencesPerSecond, long batched, int batch, int workers) {
    }

    EngineOnly(EmbeddingModel model, String[] sentences) {
        this.model = model;
        this.sentences = sentences;
    }

    /**
     * Warms up for {@code warmupNanos} (single sentences), then times single sentences for
     * {@code seconds}, then batches of {@code batch} sentences (at most {@code maxBatchTokens}
     * tokens each, as the batcher cuts them) for {@code seconds} on {@code workers} threads, each
     * phase running at least one unit of work.
     */
    Figures measure(long warmupNanos, long windowNanos, int batch, int maxBatchTokens, int workers) throws Exception {
        long end = System.nanoTime() + warmupNanos;
        do {
            embedOne();
        } while (System.nanoTime() < end);

        List<Long> singles = new ArrayList<>();
        end = System.nanoTime() + windowNanos;
        do {
            long t0 = System.nanoTime();
            embedOne();
            singles.add(System.nanoTime() - t0);
        } while (System.nanoTime() < end);
        long[] sorted = singles.stream().mapToLong(Long::longValue).sorted().toArray();
        long latency = LoadStats.percentile(sorted, 50);

        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long stop = start + windowNanos;
        long[] finished = new long[workers];
        try (ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("engine-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    do {
                        done.addAndGet(embedBatch(batch, maxBatchTokens));
                    } while (System.nanoTime() < stop);
                    finished[worker] = System.nanoTime();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        // A slow engine overruns the window by up to a batch: the rate is over the time actually taken.
        long elapsed = Arrays.stream(finished).max().orElseThrow() - start;
        return new Figures(latency, sorted.length, done.get() * 1e9 / elapsed, done.get(), batch, workers);
    }

    private void embedOne() {
        String s = sentences[(int) (next.getAndIncrement() % sentences.length)];
        model.embed(TokenBatch.of(List.of(model.encode(s))), true);
    }

    /** Embeds the next {@code batch} sentences, cut like the batcher cuts; returns how many. */
    private int embedBatch(int batch, int maxBatchTokens) {
        List<Encoding> pending = new ArrayList<>(batch);
        int tokens = 0;
        int count = 0;
        for (int i = 0; i < batch; i++) {
            Encoding e = model.encode(sentences[(int) (next.getAndIncrement() % sentences.length)]);
            if (!pending.isEmpty() && tokens + e.ids().length > maxBatchTokens) {
                model.embed(TokenBatch.of(pending), true);
                count += pending.size();
                pending = new ArrayList<>(batch);
                tokens = 0;
            }
            pending.add(e);
            tokens += e.ids().length;
        }
        model.embed(TokenBatch.of(pending), true);
        return count + pending.size();
    }
}

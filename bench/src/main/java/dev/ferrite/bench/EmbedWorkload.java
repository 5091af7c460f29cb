package dev.ferrite.bench;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.tokenizers.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The batches {@code compare-embed} feeds its engines, and what it counts while they run. */
final class EmbedWorkload {
    private EmbedWorkload() {
    }

    /**
     * An endless sequence of batches. {@link #next} is inside the timed region, so a feed of text
     * tokenizes there: tokenization counts, the same for both engines.
     */
    interface Feed {
        TokenBatch next();

        /** Back to the first batch, so each engine's timed run starts on the same batches. */
        void rewind();
    }

    /** Lines {@code batch} at a time in the given order, wrapping around, tokenized by {@code model} in {@link #next}. */
    static Feed text(String[] lines, int batch, EmbeddingModel model) {
        return new Feed() {
            private int cursor;

            public TokenBatch next() {
                List<Encoding> encodings = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    encodings.add(model.encode(lines[cursor]));
                    cursor = (cursor + 1) % lines.length;
                }
                return TokenBatch.of(encodings);
            }

            public void rewind() {
                cursor = 0;
            }
        };
    }

    /** The lines sorted by their token count (shortest first, file order among equals), as batching by length does. */
    static String[] sortedByLength(String[] lines, EmbeddingModel model) {
        Integer[] order = new Integer[lines.length];
        int[] length = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            order[i] = i;
            length[i] = model.encode(lines[i]).length();
        }
        Arrays.sort(order, (a, b) -> Integer.compare(length[a], length[b]));
        return Arrays.stream(order).map(i -> lines[i]).toArray(String[]::new);
    }

    /**
     * Sequences of exactly {@code length} tokens, {@code batch} at a time: the lines' tokens without
     * their special tokens, run together and cut into pieces of {@code length - 2}, each between the
     * tokens the model puts around a text (taken from how it encodes ""). Already tokenized: a feed
     * for raw engine speed (tokens/s on full-length sequences, no padding on either side).
     */
    static Feed fixedLength(String[] lines, int length, int batch, EmbeddingModel model) {
        int[] around = model.encode("").ids(); // e.g. [CLS] [SEP]
        if (around.length != 2) throw new IllegalStateException("the tokenizer puts " + around.length
                + " tokens around an empty text; fixed-length sequences need 2");
        int body = length - 2;
        List<int[]> sequences = new ArrayList<>();
        int[] current = new int[length];
        int filled = 0;
        for (String line : lines) {
            int[] ids = model.encode(line).ids();
            for (int i = 1; i < ids.length - 1; i++) {
                current[1 + filled++] = ids[i];
                if (filled == body) {
                    current[0] = around[0];
                    current[length - 1] = around[1];
                    sequences.add(current);
                    current = new int[length];
                    filled = 0;
                }
            }
            if (sequences.size() >= 4096) break; // plenty: a feed wraps around anyway
        }
        if (sequences.isEmpty()) throw new IllegalStateException("the input has fewer than " + body + " tokens");
        int[][] all = sequences.toArray(int[][]::new);
        return new Feed() {
            private int cursor;

            public TokenBatch next() {
                int[] ids = new int[batch * length];
                int[] starts = new int[batch + 1];
                for (int s = 0; s < batch; s++) {
                    System.arraycopy(all[cursor], 0, ids, s * length, length);
                    starts[s + 1] = (s + 1) * length;
                    cursor = (cursor + 1) % all.length;
                }
                return new TokenBatch(ids, new int[ids.length], starts);
            }

            public void rewind() {
                cursor = 0;
            }
        };
    }

    /** What one engine did in a scenario, summed over its timed turns. */
    static final class Tally {
        int batches;
        long sentences;
        long tokens;
        /** FLOPs of the real tokens, and of the tokens computed (padding included where the engine pads). */
        double usefulFlops;
        double computedFlops;
        long computedTokens;
        double seconds;
        private double[] latencies = new double[64];

        void add(TokenBatch batch, long computed, double ms, EncoderFlops flops) {
            if (batches == latencies.length) latencies = Arrays.copyOf(latencies, batches * 2);
            latencies[batches++] = ms;
            sentences += batch.size();
            tokens += batch.tokens();
            computedTokens += computed;
            int padded = batch.size() == 0 ? 0 : (int) (computed / batch.size());
            for (int s = 0; s < batch.size(); s++) {
                usefulFlops += flops.of(batch.length(s));
                computedFlops += computed == batch.tokens() ? flops.of(batch.length(s)) : flops.of(padded);
            }
        }

        /** Nearest-rank percentile of the per-batch latencies, in ms. */
        double percentile(double p) {
            if (batches == 0) return Double.NaN;
            double[] sorted = Arrays.copyOf(latencies, batches);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * batches);
            return sorted[Math.max(0, Math.min(batches - 1, rank - 1))];
        }

        double sentencesPerSecond() {
            return sentences / seconds;
        }

        double tokensPerSecond() {
            return tokens / seconds;
        }

        /** Share of the computed tokens that are padding. */
        double padding() {
            return computedTokens == 0 ? 0 : 1 - (double) tokens / computedTokens;
        }
    }
}

package dev.ferrite.tokenizers.models;

import java.util.Map;
import java.util.function.IntFunction;

/**
 * Resolves the merge rules of a {@link Bpe} being built ({@link MergeResolver}) on a thread of its
 * own, started before the model's other passes over its vocabulary and rules (token names,
 * alphabet, cuts), which the building thread runs meanwhile. A first load runs in a JVM whose code
 * is still cold, and resolving tens of thousands of rules is the longest step of building a large
 * BPE model: the second core takes it. Small rule lists are resolved in the building thread.
 */
final class MergeResolution implements Runnable {
    /** Fewer rules than this are resolved in the building thread: starting a thread would cost more than it saves. */
    static final int MIN_RULES_FOR_THREAD = 10_000;

    private final Map<String, Integer> vocab;
    private final MergeRules rules;
    private final String prefix;
    private final IntFunction<String> location;
    private final Thread thread;
    private MergeTable table;
    private Throwable failure;

    private MergeResolution(Map<String, Integer> vocab, MergeRules rules, String prefix, IntFunction<String> location,
                            boolean inThread) {
        this.vocab = vocab;
        this.rules = rules;
        this.prefix = prefix;
        this.location = location;
        thread = inThread ? new Thread(this, "ferrite-bpe-merges") : null;
    }

    /**
     * Starts resolving {@code rules} over {@code vocab} (neither changes until {@link #table} or
     * {@link #abandon}); in a thread when there are many rules and more than one core.
     */
    static MergeResolution start(Map<String, Integer> vocab, MergeRules rules, String prefix, IntFunction<String> location) {
        boolean inThread = rules.size() >= MIN_RULES_FOR_THREAD && Runtime.getRuntime().availableProcessors() > 1;
        MergeResolution resolution = new MergeResolution(vocab, rules, prefix, location, inThread);
        if (inThread) {
            resolution.thread.setDaemon(true);
            resolution.thread.start();
        }
        return resolution;
    }

    @Override
    public void run() {
        try {
            TokenIds ids = new TokenIds(vocab.size());
            int maxId = -1;
            // A call per entry: compiled early, where the loop of a method run once stays interpreted.
            for (Map.Entry<String, Integer> e : vocab.entrySet()) maxId = put(ids, e.getKey(), e.getValue(), maxId);
            table = MergeResolver.resolve(ids, maxId, rules, prefix, location);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** Puts {@code token} into {@code ids}; returns the larger of its id and {@code maxId}. Ids are checked by the model's own pass. */
    private static int put(TokenIds ids, String token, Integer id, int maxId) {
        ids.put(token, id);
        return Math.max(maxId, id);
    }

    /**
     * The rules resolved (waiting for the thread, or resolving them here).
     *
     * @throws dev.ferrite.tokenizers.TokenizerException naming the first rule (by rank) that names,
     *                                                   or makes, a token not in the vocabulary
     */
    MergeTable table() {
        if (thread == null) run();
        else join();
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        return table;
    }

    /** Waits for the thread, whose result is no longer wanted (the model failed otherwise). */
    void abandon() {
        if (thread != null) join();
    }

    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}

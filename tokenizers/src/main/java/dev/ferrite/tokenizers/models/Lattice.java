package dev.ferrite.tokenizers.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Unigram lattice (Rust {@code models/unigram/lattice.rs}): nodes are pieces placed at a start
 * position with a length (UTF-16 units here, bytes in Rust), and {@link #viterbi} finds the best
 * path from the begin-of-sentence node to the end-of-sentence node. Only Viterbi is ported:
 * {@link Unigram#tokenize} uses the faster single-pass search, as Rust's {@code encode_optimized}
 * does, and this lattice stays as the independent reference it is checked against. Nodes are ints:
 * 0 is BOS, 1 is EOS, then one per {@link #insert} in order (Rust's {@code node_id}).
 */
final class Lattice {
    private final String sentence;
    private int count;
    private int[] ids = new int[16];
    private int[] positions = new int[16];
    private int[] lengths = new int[16];
    private double[] scores = new double[16];
    private int[] prev = new int[16];
    private double[] backtrace = new double[16];
    private final List<List<Integer>> beginNodes;
    private final List<List<Integer>> endNodes;

    Lattice(String sentence, int bosId, int eosId) {
        this.sentence = sentence;
        int len = sentence.length();
        beginNodes = new ArrayList<>(len + 1);
        endNodes = new ArrayList<>(len + 1);
        for (int i = 0; i <= len; i++) {
            beginNodes.add(new ArrayList<>());
            endNodes.add(new ArrayList<>());
        }
        int bos = add(bosId, 0, 0, 0.0);
        int eos = add(eosId, len, 0, 0.0);
        beginNodes.get(len).add(eos);
        endNodes.get(0).add(bos);
    }

    String sentence() {
        return sentence;
    }

    int len() {
        return sentence.length();
    }

    void insert(int pos, int length, double score, int id) {
        int node = add(id, pos, length, score);
        beginNodes.get(pos).add(node);
        endNodes.get(pos + length).add(node);
    }

    private int add(int id, int pos, int length, double score) {
        if (count == ids.length) {
            int size = count * 2;
            ids = Arrays.copyOf(ids, size);
            positions = Arrays.copyOf(positions, size);
            lengths = Arrays.copyOf(lengths, size);
            scores = Arrays.copyOf(scores, size);
            prev = Arrays.copyOf(prev, size);
            backtrace = Arrays.copyOf(backtrace, size);
        }
        ids[count] = id;
        positions[count] = pos;
        lengths[count] = length;
        scores[count] = score;
        prev[count] = -1;
        return count++;
    }

    int bosNode() {
        return endNodes.get(0).getFirst();
    }

    int eosNode() {
        return beginNodes.get(len()).getFirst();
    }

    int id(int node) {
        return ids[node];
    }

    int pos(int node) {
        return positions[node];
    }

    int length(int node) {
        return lengths[node];
    }

    List<Integer> beginNodes(int pos) {
        return beginNodes.get(pos);
    }

    List<Integer> endNodes(int pos) {
        return endNodes.get(pos);
    }

    String piece(int node) {
        return sentence.substring(positions[node], positions[node] + lengths[node]);
    }

    /** The nodes of the best path without BOS and EOS, or an empty list if no path spans the sentence. */
    List<Integer> viterbi() {
        int len = len();
        int pos = 0;
        while (pos <= len) {
            if (beginNodes.get(pos).isEmpty()) return List.of();
            for (int right : beginNodes.get(pos)) {
                prev[right] = -1;
                double bestScore = 0.0;
                int bestNode = -1;
                for (int left : endNodes.get(pos)) {
                    double score = backtrace[left] + scores[right];
                    // Ties keep the node inserted first, as in Rust.
                    if (bestNode < 0 || score > bestScore) {
                        bestNode = left;
                        bestScore = score;
                    }
                }
                if (bestNode < 0) return List.of();
                prev[right] = bestNode;
                backtrace[right] = bestScore;
            }
            if (pos == len) break;
            pos += Unigram.charLength(sentence, pos);
        }
        int node = prev[eosNode()];
        if (node < 0) return List.of();
        List<Integer> path = new ArrayList<>();
        while (prev[node] >= 0) {
            path.add(node);
            node = prev[node];
        }
        return path.reversed();
    }

    /** The pieces of the best path. */
    List<String> tokens() {
        List<String> out = new ArrayList<>();
        for (int node : viterbi()) out.add(piece(node));
        return out;
    }

    /** The text from the {@code n}-th character (scalar value) on, or "" past the end. */
    String surface(int n) {
        if (n >= sentence.codePointCount(0, sentence.length())) return "";
        return sentence.substring(sentence.offsetByCodePoints(0, n));
    }
}

package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Unigram model (Rust {@code models/unigram/model.rs}): the split with the highest total score,
 * found by Viterbi over all ways to cut the string into vocabulary pieces. As in Rust's
 * {@code encode_optimized} (the path {@code tokenize} takes in v0.21.0; there is no sampling):
 * <ul>
 *   <li>start positions are visited left to right, and from each the pieces that match there in
 *       order of increasing length; a candidate replaces the best path into its end only if its
 *       score is strictly greater, so ties keep the earlier candidate;</li>
 *   <li>where no piece covers exactly the next character, that character alone becomes an unknown
 *       node with score {@code minScore - 10} (error if there is no unk id and the node would win);</li>
 *   <li>consecutive nodes whose id is the unk id are fused into one string, which is then looked up
 *       in the vocabulary by its text; failing that it becomes {@code <0xXX>} byte tokens (if
 *       {@code byteFallback} and all of them exist) or the unk id, keeping its own text as value.</li>
 * </ul>
 * Offsets are UTF-16 indices into the string given to {@link #tokenize}; byte tokens all carry the
 * offsets of the unknown text they came from. Duplicate pieces: the last one wins, as in Rust.
 */
public final class Unigram implements Model {
    /** Rust {@code K_UNK_PENALTY}: an unknown character scores this much below the worst piece. */
    private static final double UNK_PENALTY = 10.0;

    /** One vocabulary entry: a piece and its score (a log probability). */
    public record Piece(String token, double score) {
        public Piece {
            Objects.requireNonNull(token, "token");
        }
    }

    private final String[] pieces;
    private final double[] scores;
    private final Map<String, Integer> ids;
    private final CharTrie trie;
    private final double minScore;
    /** The unk id, or -1. */
    private final int unkId;
    private final boolean byteFallback;
    private final boolean fuseUnk;
    /** The ids of {@code <0x00>}..{@code <0xFF>} (-1 when absent), when byte fallback is on. */
    private final int[] byteIds = new int[256];

    /**
     * @param vocab        the pieces; a piece's id is its index
     * @param unkId        the id used for unknown text, if any
     * @param byteFallback whether unknown text becomes {@code <0xXX>} tokens when they all exist
     * @throws TokenizerException where Rust refuses: an unk id with an empty vocabulary, or out of range
     */
    public Unigram(List<Piece> vocab, OptionalInt unkId, boolean byteFallback) {
        this(vocab, unkId, byteFallback, true);
    }

    /** {@code fuseUnk} is always true in the Rust library outside its own tests. */
    Unigram(List<Piece> vocab, OptionalInt unkId, boolean byteFallback, boolean fuseUnk) {
        if (unkId.isPresent()) {
            if (vocab.isEmpty()) throw new TokenizerException("Unigram: the vocabulary is empty but at least <unk> is needed");
            if (unkId.getAsInt() < 0 || unkId.getAsInt() >= vocab.size()) {
                throw new TokenizerException("Unigram: unk_id " + unkId.getAsInt() + " is not below the vocabulary size " + vocab.size());
            }
        }
        int n = vocab.size();
        pieces = new String[n];
        scores = new double[n];
        ids = HashMap.newHashMap(n);
        CharTrie.Builder builder = new CharTrie.Builder();
        double min = Double.POSITIVE_INFINITY;
        for (int id = 0; id < n; id++) {
            Piece p = vocab.get(id);
            pieces[id] = p.token();
            scores[id] = p.score();
            ids.put(p.token(), id);
            builder.put(p.token(), id);
            // Same comparison as Rust: a NaN score never becomes the minimum.
            if (p.score() < min) min = p.score();
        }
        trie = builder.build();
        minScore = min;
        this.unkId = unkId.orElse(-1);
        this.byteFallback = byteFallback;
        this.fuseUnk = fuseUnk;
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(byteToken(b));
            byteIds[b] = id == null ? -1 : id;
        }
    }

    /** {@code <0xXX>} with two upper-case hex digits, as Rust's {@code format!("<0x{byte:02X}>")}. */
    static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }

    public OptionalInt unkId() {
        return unkId < 0 ? OptionalInt.empty() : OptionalInt.of(unkId);
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    /** The lowest score in the vocabulary ({@code +Infinity} when it is empty). */
    public double minScore() {
        return minScore;
    }

    /** The pieces with their scores, in id order. */
    public List<Piece> pieces() {
        List<Piece> out = new ArrayList<>(pieces.length);
        for (int i = 0; i < pieces.length; i++) out.add(new Piece(pieces[i], scores[i]));
        return out;
    }

    @Override
    public List<Token> tokenize(String sentence) {
        if (sentence.isEmpty()) return List.of();
        int[] segments = segments(sentence);
        List<Token> tokens = new ArrayList<>(segments.length / 3);
        for (int i = 0; i < segments.length; i += 3) {
            int start = segments[i], end = segments[i + 1], id = segments[i + 2];
            if (id >= 0) {
                tokens.add(new Token(id, pieces[id], start, end));
            } else {
                addUnknown(tokens, sentence.substring(start, end), start, end);
            }
        }
        return tokens;
    }

    /** Rust {@code encode}: the pieces as strings (unknown runs fused), without ids. */
    List<String> encode(String sentence) {
        if (sentence.isEmpty()) return List.of();
        int[] segments = segments(sentence);
        List<String> out = new ArrayList<>(segments.length / 3);
        for (int i = 0; i < segments.length; i += 3) out.add(sentence.substring(segments[i], segments[i + 1]));
        return out;
    }

    /**
     * The best path as {@code [start, end, id]} triples in order; id is -1 for a fused run of unk
     * nodes, whose id is decided by {@link #addUnknown}.
     */
    private int[] segments(String s) {
        int n = s.length();
        double unkScore = minScore - UNK_PENALTY;
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] nodeId = new int[n + 1];
        Arrays.fill(from, -1);
        int pos = 0;
        while (pos < n) {
            double tillHere = best[pos];
            int charLen = charLength(s, pos);
            boolean hasSingleNode = false;
            int node = CharTrie.ROOT;
            for (int i = pos; i < n; i++) {
                node = trie.child(node, s.charAt(i));
                if (node == CharTrie.NONE) break;
                int id = trie.value(node);
                if (id == CharTrie.NONE || !WordPiece.endsOnCharBoundary(s, i + 1)) continue;
                int end = i + 1;
                double candidate = scores[id] + tillHere;
                if (from[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = pos;
                    nodeId[end] = id;
                }
                if (end - pos == charLen) hasSingleNode = true;
            }
            if (!hasSingleNode) {
                int end = pos + charLen;
                double candidate = unkScore + tillHere;
                if (from[end] < 0 || candidate > best[end]) {
                    if (unkId < 0) throw missingUnk(s);
                    best[end] = candidate;
                    from[end] = pos;
                    nodeId[end] = unkId;
                }
            }
            pos += charLen;
        }
        // Walk back from the end; nodes with the unk id (unknown characters, or the unk piece
        // itself matched in the text) are fused while they follow each other.
        int[] rev = new int[3 * n];
        int count = 0;
        int end = n;
        int runEnd = -1;
        while (end > 0) {
            int start = from[end];
            int id = nodeId[end];
            if (fuseUnk && unkId >= 0 && id == unkId) {
                if (runEnd < 0) runEnd = end;
            } else {
                if (runEnd >= 0) {
                    count = push(rev, count, end, runEnd, -1);
                    runEnd = -1;
                }
                count = push(rev, count, start, end, id == unkId ? -1 : id);
            }
            end = start;
        }
        if (runEnd >= 0) count = push(rev, count, 0, runEnd, -1);
        int[] out = new int[count];
        for (int i = 0, j = count - 3; j >= 0; i += 3, j -= 3) {
            out[i] = rev[j];
            out[i + 1] = rev[j + 1];
            out[i + 2] = rev[j + 2];
        }
        return out;
    }

    private static int push(int[] a, int count, int start, int end, int id) {
        a[count] = start;
        a[count + 1] = end;
        a[count + 2] = id;
        return count + 3;
    }

    /** UTF-16 units of the character at {@code pos}: 2 for a surrogate pair, else 1. */
    static int charLength(String s, int pos) {
        return Character.isHighSurrogate(s.charAt(pos)) && pos + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(pos + 1)) ? 2 : 1;
    }

    /** Rust {@code Unigram::tokenize} for a string that is not a known piece on the path. */
    private void addUnknown(List<Token> tokens, String text, int start, int end) {
        Integer id = ids.get(text);
        if (id != null) {
            tokens.add(new Token(id, text, start, end));
            return;
        }
        if (byteFallback) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            boolean all = true;
            for (byte b : bytes) all &= byteIds[b & 0xFF] >= 0;
            if (all) {
                for (byte b : bytes) tokens.add(new Token(byteIds[b & 0xFF], pieces[byteIds[b & 0xFF]], start, end));
                return;
            }
        }
        if (unkId < 0) throw missingUnk(text);
        tokens.add(new Token(unkId, text, start, end));
    }

    private static TokenizerException missingUnk(String text) {
        return new TokenizerException("Unigram: encountered an unknown token in \"" + text + "\" but unk_id is missing");
    }

    /** Rust {@code populate_nodes}: every piece matching at every character start, plus unknowns. */
    void populateNodes(Lattice lattice) {
        String s = lattice.sentence();
        double unkScore = minScore - UNK_PENALTY;
        int pos = 0;
        while (pos < s.length()) {
            int charLen = charLength(s, pos);
            boolean hasSingleNode = false;
            int node = CharTrie.ROOT;
            for (int i = pos; i < s.length(); i++) {
                node = trie.child(node, s.charAt(i));
                if (node == CharTrie.NONE) break;
                int id = trie.value(node);
                if (id == CharTrie.NONE || !WordPiece.endsOnCharBoundary(s, i + 1)) continue;
                lattice.insert(pos, i + 1 - pos, scores[id], id);
                if (i + 1 - pos == charLen) hasSingleNode = true;
            }
            if (!hasSingleNode && unkId >= 0) lattice.insert(pos, charLen, unkScore, unkId);
            pos += charLen;
        }
    }

    /**
     * Rust {@code encode_unoptimized}: the same best path found through a full {@link Lattice}.
     * Kept as an independent check of {@link #tokenize} in the tests.
     */
    List<String> encodeWithLattice(String sentence) {
        if (sentence.isEmpty()) return List.of();
        Lattice lattice = new Lattice(sentence, pieces.length + 1, pieces.length + 2);
        populateNodes(lattice);
        if (!fuseUnk) return lattice.tokens();
        if (unkId < 0) throw missingUnk(sentence);
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int node : lattice.viterbi()) {
            String piece = lattice.piece(node);
            if (lattice.id(node) == unkId) {
                run.append(piece);
            } else {
                if (!run.isEmpty()) {
                    out.add(run.toString());
                    run.setLength(0);
                }
                out.add(piece);
            }
        }
        if (!run.isEmpty()) out.add(run.toString());
        return out;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    /** The number of pieces, duplicates included (Rust {@code vocab.len()}). */
    @Override
    public int vocabSize() {
        return pieces.length;
    }
}

package dev.ferrite.tokenizers.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The input after normalization, cut into splits. Pre-tokenizers split it further; splits that
 * already carry tokens (added tokens) are left alone by every later stage.
 */
public final class PreTokenizedString {
    private final String original;
    private List<Split> splits;

    public PreTokenizedString(String original, List<Split> splits) {
        this.original = original;
        this.splits = splits;
    }

    public PreTokenizedString(NormalizedString normalized) {
        this(normalized.original(), new ArrayList<>(List.of(new Split(normalized, null))));
    }

    /** Replaces every split that has no tokens yet by what {@code splitter} makes of it; empty results are dropped. */
    public void split(Splitter splitter) {
        List<Split> next = new ArrayList<>(splits.size() + 16);
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            if (s.tokens() != null) {
                next.add(s);
                continue;
            }
            List<NormalizedString> pieces = splitter.split(i, s.normalized());
            for (int k = 0, n = pieces.size(); k < n; k++) {
                NormalizedString piece = pieces.get(k);
                if (piece.isEmpty()) continue;
                // A splitter that hands its input back (no split) keeps the record as it is.
                next.add(piece == s.normalized() ? s : new Split(piece, null));
            }
        }
        splits = next;
    }

    /**
     * Like {@link #split(Splitter)}, but the pieces may already carry tokens (added tokens), which
     * then keeps every later stage away from them.
     */
    public void splitWithTokens(TokenSplitter splitter) {
        List<Split> next = new ArrayList<>(splits.size() * 2);
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            if (s.tokens() != null) {
                next.add(s);
                continue;
            }
            for (Split piece : splitter.split(i, s.normalized())) {
                if (!piece.normalized().isEmpty()) next.add(piece);
            }
        }
        splits = next;
    }

    /** Normalizes, in place, every split that has no tokens yet. */
    public void normalize(java.util.function.Consumer<NormalizedString> normalizer) {
        for (Split s : splits) if (s.tokens() == null) normalizer.accept(s.normalized());
    }

    /** Runs {@code model} over every split that has no tokens yet. */
    public void tokenize(Function<String, List<Token>> model) {
        for (int i = 0, n = splits.size(); i < n; i++) {
            Split s = splits.get(i);
            if (s.tokens() == null) splits.set(i, new Split(s.normalized(), model.apply(s.normalized().get())));
        }
    }

    public List<Split> splits() {
        return splits;
    }

    public String original() {
        return original;
    }

    /**
     * Builds the encoding of one sequence: offsets in the original (UTF-16), word ids from
     * {@code wordIndex} when it is not negative, else from the index of each split. For type id
     * 0 or 1 (the sequence or the pair) the encoding is built in the thread's arrays for that input
     * ({@link RawEncoding#borrowing}), which the caller must {@link RawEncoding#detach} once it is
     * complete: post-processing then adds its special tokens without growing arrays sized for the text alone.
     */
    public RawEncoding toEncoding(int wordIndex, int typeId) {
        int n = 0;
        for (int si = 0, count = splits.size(); si < count; si++) n += splits.get(si).tokens().size();
        RawEncoding e = typeId == 0 || typeId == 1 ? RawEncoding.borrowing(typeId, null) : new RawEncoding(n);
        for (int si = 0, count = splits.size(); si < count; si++) {
            Split s = splits.get(si);
            NormalizedString ns = s.normalized();
            int shift = ns.originalShift();
            int length = ns.length();
            int word = wordIndex >= 0 ? wordIndex : si;
            List<Token> tokens = s.tokens();
            for (int k = 0, tn = tokens.size(); k < tn; k++) {
                Token t = tokens.get(k);
                int start = t.start();
                int end = t.end();
                // NormalizedString.normalizedToOriginal, inlined: an empty range maps to itself, an
                // invalid one keeps the model's offsets untouched (as the reference does).
                if (start == end) {
                    start += shift;
                    end += shift;
                } else if (start < end && start >= 0 && end <= length) {
                    int os = ns.alignStart(start);
                    end = shift + ns.alignEnd(end - 1);
                    start = shift + os;
                }
                e.add(t.id(), t.value(), start, end, word, typeId, 0, 1);
            }
        }
        // The type id given here is the index of the input (0 for the sequence, 1 for the pair).
        e.setSource(typeId);
        return e;
    }

    /** A pre-tokenization step over one split: returns the pieces that replace it. */
    @FunctionalInterface
    public interface Splitter {
        List<NormalizedString> split(int index, NormalizedString normalized);
    }

    /** A split step whose pieces may carry tokens. */
    @FunctionalInterface
    public interface TokenSplitter {
        List<Split> split(int index, NormalizedString normalized);
    }

    /** One piece of the input: its normalized string and, once the model or an added token ran, its tokens. */
    public record Split(NormalizedString normalized, List<Token> tokens) {
    }
}

package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.ArrayList;
import java.util.List;

/** Building blocks shared by the processors: encodings of special tokens, and an encoding wrapped in them. */
final class SpecialTokens {
    /** Keep each token's type id instead of forcing one (see {@link #surround}). */
    static final int KEEP_TYPE_IDS = -1;

    private SpecialTokens() {
    }

    /** A special token: its text, id and type id. */
    record Special(String token, int id, int typeId) {
    }

    /**
     * {@code before + e + after}, as Bert and Roberta processing build it: the special tokens with
     * offsets (0, 0), no word, mask 1; the tokens of {@code e} with special-tokens mask 0 (even
     * added special tokens inside the text) and their type ids, or {@code middleTypeId} if it is
     * not {@link #KEEP_TYPE_IDS}; attention 1 everywhere. The result is sequence {@code sequenceId}
     * over the tokens of {@code e}, and has no overflowing pieces.
     */
    static RawEncoding surround(Special before, RawEncoding e, Special after, int middleTypeId, int sequenceId) {
        int n = e.size();
        RawEncoding out = new RawEncoding(n + 2);
        if (before != null) addSpecial(out, before);
        for (int i = 0; i < n; i++) {
            int type = middleTypeId == KEEP_TYPE_IDS ? e.typeId(i) : middleTypeId;
            out.add(e.id(i), e.token(i), e.start(i), e.end(i), e.word(i), type, 0, 1);
            out.setSource(out.size() - 1, e.source(i));
        }
        if (after != null) addSpecial(out, after);
        int first = before == null ? 0 : 1;
        out.setSequenceRange(sequenceId, first, first + n);
        return out;
    }

    /**
     * A single sequence (no pair, no overflowing pieces) as BertProcessing and RobertaProcessing
     * make it, done on {@code e} itself: sequence 0, type ids 0, and with {@code addSpecialTokens}
     * {@code before} and {@code after} around it (as {@link #surround} would, without a second
     * encoding and its copies of every token and text). Returns {@code e}.
     */
    static RawEncoding surroundSingleInPlace(Special before, RawEncoding e, Special after, boolean addSpecialTokens) {
        e.setSequenceId(0);
        e.setTypeIds(0);
        if (!addSpecialTokens) return e;
        int n = e.size();
        e.setMasks(0, 1);
        e.insertFront(1);
        e.set(0, before.id(), before.token(), 0, 0, -1, before.typeId(), 1, 1);
        e.add(after.id(), after.token(), 0, 0, -1, after.typeId(), 1, 1);
        e.setSequenceRange(0, 1, 1 + n);
        return e;
    }

    /** {@link #surround} applied to {@code e} and, into its overflowing list, to each of its overflowing pieces. */
    static RawEncoding surroundWithOverflowing(Special before, RawEncoding e, Special after, int middleTypeId,
                                               int overflowTypeId, int sequenceId) {
        RawEncoding out = surround(before, e, after, middleTypeId, sequenceId);
        List<RawEncoding> over = new ArrayList<>(e.overflowing().size());
        for (RawEncoding o : e.overflowing()) over.add(surround(before, o, after, overflowTypeId, sequenceId));
        out.setOverflowing(over);
        return out;
    }

    static void addSpecial(RawEncoding out, Special s) {
        out.add(s.id(), s.token(), 0, 0, -1, s.typeId(), 1, 1);
    }
}

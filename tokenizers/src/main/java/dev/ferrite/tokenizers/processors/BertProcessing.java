package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.processors.SpecialTokens.Special;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BERT's layout: {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]}, type ids 0 up to the
 * first {@code [SEP]} and 1 after. Without special tokens the sequences are only joined. Port of
 * {@code processors/bert.rs}; overflowing pieces are wrapped the same way.
 */
public record BertProcessing(String sepToken, int sepId, String clsToken, int clsId) implements PostProcessor {
    public BertProcessing {
        Objects.requireNonNull(sepToken, "sepToken");
        Objects.requireNonNull(clsToken, "clsToken");
    }

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 3 : 2;
    }

    /**
     * As {@link PostProcessor#process}; a single sequence without overflowing pieces (nearly every
     * call) gets {@code [CLS]} and {@code [SEP]} in place ({@link SpecialTokens#surroundSingleInPlace}).
     */
    @Override
    public RawEncoding process(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens) {
        if (pair != null || !encoding.overflowing().isEmpty()) return PostProcessor.super.process(encoding, pair, addSpecialTokens);
        return SpecialTokens.surroundSingleInPlace(new Special(clsToken, clsId, 0), encoding, new Special(sepToken, sepId, 0),
                addSpecialTokens);
    }

    @Override
    public List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens) {
        if (!addSpecialTokens) return encodings;
        List<RawEncoding> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            RawEncoding e = encodings.get(i);
            int keep = SpecialTokens.KEEP_TYPE_IDS;
            if (i == 0) {
                out.add(SpecialTokens.surroundWithOverflowing(new Special(clsToken, clsId, 0), e, new Special(sepToken, sepId, 0), keep, keep, 0));
            } else {
                out.add(SpecialTokens.surroundWithOverflowing(null, e, new Special(sepToken, sepId, 1), keep, keep, 1));
            }
        }
        return out;
    }
}

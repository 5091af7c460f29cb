package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.processors.SpecialTokens.Special;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RoBERTa's layout: {@code <s> A </s>} and {@code <s> A </s> </s> B </s>}, all type ids 0 (also
 * without special tokens). With {@code trimOffsets}, offsets are first trimmed of spaces as the
 * {@link ByteLevel} post-processor does. Port of {@code processors/roberta.rs}; overflowing pieces
 * are wrapped the same way.
 */
public record RobertaProcessing(String sepToken, int sepId, String clsToken, int clsId, boolean trimOffsets,
                                boolean addPrefixSpace) implements PostProcessor {
    public RobertaProcessing {
        Objects.requireNonNull(sepToken, "sepToken");
        Objects.requireNonNull(clsToken, "clsToken");
    }

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 4 : 2;
    }

    /**
     * As {@link PostProcessor#process}; a single sequence without overflowing pieces (nearly every
     * call) gets {@code <s>} and {@code </s>} in place ({@link SpecialTokens#surroundSingleInPlace}).
     */
    @Override
    public RawEncoding process(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens) {
        if (pair != null || !encoding.overflowing().isEmpty()) return PostProcessor.super.process(encoding, pair, addSpecialTokens);
        if (trimOffsets) ByteLevel.trimOffsets(encoding, addPrefixSpace);
        return SpecialTokens.surroundSingleInPlace(new Special(clsToken, clsId, 0), encoding, new Special(sepToken, sepId, 0),
                addSpecialTokens);
    }

    @Override
    public List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens) {
        if (trimOffsets) {
            for (RawEncoding e : encodings) {
                ByteLevel.trimOffsets(e, addPrefixSpace);
                for (RawEncoding o : e.overflowing()) ByteLevel.trimOffsets(o, addPrefixSpace);
            }
        }
        // The encodings themselves only: without special tokens, overflowing pieces keep their type ids.
        for (RawEncoding e : encodings) e.setTypeIds(0);
        if (!addSpecialTokens) return encodings;
        List<RawEncoding> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            RawEncoding e = encodings.get(i);
            if (i == 0) {
                out.add(SpecialTokens.surroundWithOverflowing(new Special(clsToken, clsId, 0), e, new Special(sepToken, sepId, 0), 0, 0, 0));
            } else {
                out.add(SpecialTokens.surroundWithOverflowing(new Special(sepToken, sepId, 0), e, new Special(sepToken, sepId, 0), 0, 0, 1));
            }
        }
        return out;
    }
}

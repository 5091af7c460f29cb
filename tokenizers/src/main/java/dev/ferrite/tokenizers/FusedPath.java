package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;

/**
 * A common pipeline (normalizer, pre-tokenizer, model) done in one pass instead of through the
 * general {@code NormalizedString} / {@code PreTokenizedString} machinery, with the very same
 * result. Each implementation says which pipelines it covers; a text it does not cover (an added
 * token in it, say) is left to the general pipeline.
 */
sealed interface FusedPath permits ByteLevelFastPath, BertFastPath, SentencePieceFastPath {
    /**
     * The encoding of one sequence before post-processing, as the general pipeline builds it
     * (token offsets in UTF-16 units of {@code text}, word ids, {@code typeId}; the caller records
     * which input the offsets index), or null when this text needs the general pipeline.
     */
    default RawEncoding encode(String text, int typeId) {
        EncodeScratch scratch = EncodeScratch.acquire();
        try {
            return encode(text, typeId, scratch);
        } finally {
            scratch.release();
        }
    }

    /**
     * {@link #encode(String, int)} in the buffers of {@code scratch}, the calling thread's (see
     * {@link EncodeScratch}); nothing returned may alias them.
     */
    RawEncoding encode(String text, int typeId, EncodeScratch scratch);

    /**
     * {@code text} through {@code normalizer} (null for none), or null when an added token may occur
     * in it, raw or normalized: such text takes the general pipeline, which splits added tokens off first.
     * The result is {@code scratch}'s (see {@link EncodeScratch}), its units possibly the scratch's
     * buffer: valid until the scratch's next use.
     */
    static NormalizedUnits normalizeWithoutAddedTokens(String text, Normalizer normalizer, AddedVocabulary added,
                                                       EncodeScratch scratch) {
        if (added.mayMatchRaw(text)) return null;
        NormalizedUnits units;
        if (scratch.mapped.load(normalizer, text)) {
            units = scratch.units.set(scratch.mapped);
        } else {
            NormalizedString normalized = new NormalizedString(text);
            if (normalizer != null) normalizer.normalize(normalized);
            units = scratch.units.set(normalized);
        }
        return added.hasNormalizedTokens() && added.mayMatchNormalized(units.text()) ? null : units;
    }

    /** The fused pass for this pipeline, or null when none covers it. */
    static FusedPath of(Normalizer normalizer, PreTokenizer preTokenizer, Model model, AddedVocabulary added) {
        FusedPath path = ByteLevelFastPath.of(normalizer, preTokenizer, model, added);
        if (path == null) path = BertFastPath.of(normalizer, preTokenizer, model, added);
        if (path == null) path = SentencePieceFastPath.of(normalizer, preTokenizer, model, added);
        return path;
    }
}

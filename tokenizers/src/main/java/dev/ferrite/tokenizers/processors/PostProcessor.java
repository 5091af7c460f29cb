package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

/**
 * Fourth stage: joins the encoding of a sequence (and of its pair) into the final encoding, adding
 * the special tokens a model expects when {@code addSpecialTokens} is true.
 */
public interface PostProcessor {
    /** How many special tokens {@link #process} adds to a single sequence or to a pair. */
    int addedTokens(boolean isPair);

    /**
     * Returns the final encoding. {@code pair} may be null. The inputs may be modified.
     * Overflowing pieces of the inputs must be processed the same way and kept as overflowing.
     */
    RawEncoding process(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens);
}

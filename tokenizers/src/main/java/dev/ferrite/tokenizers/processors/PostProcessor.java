package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.List;

/**
 * Fourth stage: joins the encoding of a sequence (and of its pair) into the final encoding, adding
 * the special tokens a model expects when {@code addSpecialTokens} is true. Offsets stay UTF-16
 * indices into the text of each token's own sequence; special tokens get offsets {@code (0, 0)},
 * word id -1, special-tokens mask 1 and attention 1.
 *
 * <p>Mirrors the Rust library's {@code PostProcessor} trait: {@link #process} (the trait's default
 * method) marks the inputs as sequences 0 and 1, sets their type ids to 0 and 1, lets
 * {@link #processEncodings} do the component's work and merges what it returns.
 */
public sealed interface PostProcessor permits BertProcessing, ByteLevel, RobertaProcessing, Sequence, TemplateProcessing {
    /** How many special tokens {@link #process} adds to a single sequence or to a pair (truncation leaves room for them). */
    int addedTokens(boolean isPair);

    /**
     * The component's own step, on one encoding or two (sequence and pair), each possibly with
     * overflowing pieces. Returns the encodings to merge, in order. The inputs may be modified.
     */
    List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens);

    /**
     * Returns the final encoding. {@code pair} may be null. The inputs may be modified. Overflowing
     * pieces of the inputs are processed too and end up, combined, as overflowing pieces of the result.
     */
    default RawEncoding process(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens) {
        List<RawEncoding> encodings = pair == null ? List.of(encoding) : List.of(encoding, pair);
        for (int i = 0; i < encodings.size(); i++) {
            RawEncoding e = encodings.get(i);
            e.setSequenceId(i);
            for (RawEncoding o : e.overflowing()) o.setSequenceId(i);
            // As in Rust, only the encoding itself: overflowing pieces keep the type ids the model gave them.
            e.setTypeIds(i);
        }
        return RawEncoding.merge(processEncodings(encodings, addSpecialTokens), false);
    }
}

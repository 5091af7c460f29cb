package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.decoders.Decoder;
import dev.ferrite.tokenizers.models.Model;
import dev.ferrite.tokenizers.normalizers.Normalizer;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.pretokenizers.PreTokenizer;
import dev.ferrite.tokenizers.processors.PostProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A Hugging Face tokenizer loaded from {@code tokenizer.json}, encoding and decoding exactly as
 * the Rust {@code tokenizers} library does.
 *
 * <pre>{@code
 * Tokenizer tok = Tokenizer.fromFile(Path.of("tokenizer.json"));
 * Encoding e = tok.encode("Hello world!");          // with special tokens, as configured
 * int[] ids = e.ids();
 * String text = tok.decode(ids, true);              // skipping special tokens
 * Tokenizer short = tok.withTruncation(Truncation.of(16));
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads; {@code with...} methods return
 * new instances that share the loaded vocabulary.
 *
 * <p>Java strings may hold lone surrogates, which UTF-8 (and so the Rust library) cannot carry.
 * Each lone surrogate is read as U+FFFD REPLACEMENT CHARACTER, which has the same UTF-16 length,
 * so offsets still index the caller's string.
 */
public final class Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedVocabulary addedVocabulary;
    private final Truncation truncation;
    private final Padding padding;
    /** Whether the fused passes may be used (always, except to test them against the general pipeline). */
    private final boolean fastPaths;
    /** The fused pass for this pipeline, or null (see {@link FusedPath}). */
    private final FusedPath fusedPath;

    Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
              Decoder decoder, AddedVocabulary addedVocabulary, Truncation truncation, Padding padding) {
        this(normalizer, preTokenizer, model, postProcessor, decoder, addedVocabulary, truncation, padding, true);
    }

    private Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
                      Decoder decoder, AddedVocabulary addedVocabulary, Truncation truncation, Padding padding,
                      boolean fastPaths) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = Objects.requireNonNull(model, "model");
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.addedVocabulary = addedVocabulary;
        this.truncation = truncation;
        this.padding = padding;
        this.fastPaths = fastPaths;
        this.fusedPath = fastPaths ? FusedPath.of(normalizer, preTokenizer, model, addedVocabulary) : null;
    }

    /** This tokenizer with another pre-tokenizer (tests give the fused passes pipelines no fixture has). */
    Tokenizer withPreTokenizer(PreTokenizer preTokenizer) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, addedVocabulary, truncation, padding, fastPaths);
    }

    /** This tokenizer with the general pipeline only: the fused passes are checked against it. */
    Tokenizer withoutFastPaths() {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, addedVocabulary, truncation, padding, false);
    }

    /** Loads a tokenizer.json file. */
    public static Tokenizer fromFile(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new TokenizerException(path + ": cannot read: " + e, e);
        }
        // Parsed as UTF-8 bytes: only the strings need decoding (see JsonReader).
        return TokenizerJson.read(bytes, path.toString());
    }

    /** Parses the contents of a tokenizer.json file. */
    public static Tokenizer fromJson(String json) {
        return TokenizerJson.read(json, "tokenizer.json");
    }

    /**
     * Parses the contents of a tokenizer.json file as its UTF-8 bytes, as they come out of a file or
     * an archive: only the strings are decoded (malformed UTF-8 in one is an error naming its JSON path).
     */
    public static Tokenizer fromJson(byte[] utf8) {
        return fromJson(utf8, "tokenizer.json");
    }

    /** {@link #fromJson(byte[])}, naming {@code source} (a path, an archive's entry) in its errors. */
    public static Tokenizer fromJson(byte[] utf8, String source) {
        return TokenizerJson.read(utf8, source);
    }

    /** This tokenizer with another truncation (null for none). */
    public Tokenizer withTruncation(Truncation truncation) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, addedVocabulary, truncation, padding, fastPaths);
    }

    /** This tokenizer with another padding (null for none). */
    public Tokenizer withPadding(Padding padding) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, addedVocabulary, truncation, padding, fastPaths);
    }

    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    public Optional<Padding> padding() {
        return Optional.ofNullable(padding);
    }

    /** Encodes {@code text} with special tokens. */
    public Encoding encode(String text) {
        return encode(text, true);
    }

    /** Encodes {@code text}; {@code addSpecialTokens} says whether the post-processor adds its special tokens. */
    public Encoding encode(String text, boolean addSpecialTokens) {
        String t = sanitize(Objects.requireNonNull(text, "text"));
        return new Encoding(encodeRaw(t, null, addSpecialTokens, true), t, null);
    }

    /** Encodes a pair of sequences (question and context, say), joined as the post-processor says. */
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        String a = sanitize(Objects.requireNonNull(text, "text"));
        String b = sanitize(Objects.requireNonNull(pair, "pair"));
        return new Encoding(encodeRaw(a, b, addSpecialTokens, true), a, b);
    }

    /** Encodes every text, in parallel, then pads the batch as configured. */
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        return encodeBatch(texts, null, addSpecialTokens);
    }

    /** Encodes pairs {@code (texts[i], pairs[i])}, in parallel, then pads the batch as configured. */
    public List<Encoding> encodeBatch(List<String> texts, List<String> pairs, boolean addSpecialTokens) {
        if (pairs != null && pairs.size() != texts.size()) {
            throw new IllegalArgumentException("texts and pairs differ in size: " + texts.size() + " vs " + pairs.size());
        }
        int n = texts.size();
        // Checked here: a NullPointerException thrown inside the parallel stream loses its message.
        for (int i = 0; i < n; i++) {
            if (texts.get(i) == null) throw new NullPointerException("texts[" + i + "] is null");
            if (pairs != null && pairs.get(i) == null) throw new NullPointerException("pairs[" + i + "] is null");
        }
        String[] inputs = new String[n];
        String[] pairInputs = pairs == null ? null : new String[n];
        RawEncoding[] raw = new RawEncoding[n];
        IntStream range = IntStream.range(0, n);
        if (n > 1) range = range.parallel();
        range.forEach(i -> {
            String a = sanitize(texts.get(i));
            String b = pairs == null ? null : sanitize(pairs.get(i));
            inputs[i] = a;
            if (b != null) pairInputs[i] = b;
            raw[i] = encodeRaw(a, b, addSpecialTokens, false);
        });
        if (padding != null) padBatch(raw);
        List<Encoding> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Encoding(raw[i], inputs[i], pairInputs == null ? null : pairInputs[i]));
        return out;
    }

    private RawEncoding encodeRaw(String text, String pair, boolean addSpecialTokens, boolean padAlone) {
        RawEncoding encoding = encodeSequence(Objects.requireNonNull(text, "text"), 0);
        RawEncoding pairEncoding = pair == null ? null : encodeSequence(pair, 1);
        RawEncoding out = postProcess(encoding, pairEncoding, addSpecialTokens);
        if (padAlone && padding != null) padBatch(new RawEncoding[] {out});
        // Encodings are built in this thread's arrays (see RawEncoding.borrowing): copied out here
        // at their exact size, before the next encode on this thread reuses them.
        out.detach();
        return out;
    }

    private RawEncoding encodeSequence(String text, int typeId) {
        if (fusedPath != null) {
            RawEncoding fast = fusedPath.encode(text, typeId);
            if (fast != null) {
                fast.setSource(typeId); // as PreTokenizedString.toEncoding records which input the offsets index
                return fast;
            }
        }
        PreTokenizedString pre = addedVocabulary.extractAndNormalize(normalizer, text);
        if (preTokenizer != null) preTokenizer.preTokenize(pre);
        pre.tokenize(model::tokenize);
        return pre.toEncoding(-1, typeId);
    }

    private RawEncoding postProcess(RawEncoding encoding, RawEncoding pair, boolean addSpecialTokens) {
        if (truncation != null) {
            int added = postProcessor == null ? 0 : postProcessor.addedTokens(pair != null);
            int max = truncation.maxLength();
            if (addSpecialTokens && added > 0) {
                if (added > max) {
                    throw new TokenizerException("truncation max_length " + max + " is shorter than the " + added
                            + " special tokens the post-processor adds");
                }
                max -= added;
            }
            Truncator.truncate(encoding, pair, new Truncation(max, truncation.stride(), truncation.strategy(), truncation.direction()));
        }
        if (postProcessor != null) return postProcessor.process(encoding, pair, addSpecialTokens);
        if (pair == null) return encoding;
        encoding.setSequenceId(0);
        pair.setSequenceId(1);
        RawEncoding merged = RawEncoding.empty();
        merged.mergeWith(encoding, false);
        merged.mergeWith(pair, false);
        return merged;
    }

    private void padBatch(RawEncoding[] encodings) {
        if (encodings.length == 0) return;
        int target = padding.fixedLength();
        if (padding.isBatchLongest()) {
            target = 0;
            for (RawEncoding e : encodings) target = Math.max(target, e.size());
        }
        int multiple = padding.padToMultipleOf();
        if (multiple > 0 && target % multiple > 0) target += multiple - target % multiple;
        boolean left = padding.direction() == Padding.Direction.LEFT;
        for (RawEncoding e : encodings) e.pad(target, padding.padId(), padding.padTypeId(), padding.padToken(), left);
    }

    /** Decodes ids back to text; {@code skipSpecialTokens} leaves out special added tokens. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String token = idToToken(id);
            if (token == null) {
                throw new TokenizerException("decode: id " + id + " is neither in the model's vocabulary ("
                        + model.vocabSize() + " entries) nor an added token");
            }
            if (skipSpecialTokens && addedVocabulary.isSpecial(token)) continue;
            tokens.add(token);
        }
        return decoder != null ? decoder.decode(tokens) : String.join(" ", tokens);
    }

    /** Decodes every id sequence, in parallel. */
    public List<String> decodeBatch(List<int[]> ids, boolean skipSpecialTokens) {
        return ids.parallelStream().map(x -> decode(x, skipSpecialTokens)).toList();
    }

    /** The id of {@code token} (added tokens first, then the model's vocabulary), or empty. */
    public Optional<Integer> tokenToId(String token) {
        int id = addedVocabulary.tokenToId(token, model);
        return id < 0 ? Optional.empty() : Optional.of(id);
    }

    /** The token with id {@code id}, or null. */
    public String idToToken(int id) {
        String t = addedVocabulary.idToToken(id);
        return t != null ? t : model.idToToken(id);
    }

    /** Size of the model's vocabulary, plus the added tokens when {@code withAddedTokens}. */
    public int vocabSize(boolean withAddedTokens) {
        // Added tokens often reuse entries of the model's vocabulary; count each token once.
        return withAddedTokens ? model.vocabSize() + addedVocabulary.countOutside(model) : model.vocabSize();
    }

    /**
     * Replaces each lone surrogate by U+FFFD (same UTF-16 length, so offsets keep indexing the
     * caller's string). The Rust library never sees them: a UTF-8 string cannot hold one.
     */
    static String sanitize(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (paired) {
                    i++;
                    continue;
                }
                char[] chars = s.toCharArray();
                for (int j = i; j < n; j++) {
                    char d = chars[j];
                    if (Character.isHighSurrogate(d) && j + 1 < n && Character.isLowSurrogate(chars[j + 1])) {
                        j++;
                    } else if (Character.isSurrogate(d)) {
                        chars[j] = '\uFFFD';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}

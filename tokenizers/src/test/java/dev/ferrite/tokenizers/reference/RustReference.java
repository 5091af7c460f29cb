package dev.ferrite.tokenizers.reference;

import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.ferrite.tokenizers.Padding;
import dev.ferrite.tokenizers.Truncation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reference: the real Rust {@code tokenizers} library, in-process, through the JNI layer of DJL
 * ({@code ai.djl.huggingface:tokenizers:0.38.0}). Tests compare Ferrite against it.
 *
 * <h2>Which Rust library</h2>
 * DJL 0.38.0 ships {@code native/lib/tokenizers.properties} = {@code version=0.21.0-0.38.0}, but its
 * {@code Cargo.lock} resolved the crate to <b>tokenizers 0.21.4</b> (the path in a Rust panic
 * message reads {@code tokenizers-0.21.4/src/tokenizer/encoding.rs}). Between 0.21.0 and 0.21.4 the
 * library is mostly refactored (ahash maps, LazyLock); behaviour changes include
 * {@code NormalizedString::append} on an empty normalized string, a new {@code FixedLength}
 * pre-tokenizer and updatable template processors.
 *
 * <h2>Why the JNI layer and not {@code HuggingFaceTokenizer}</h2>
 * DJL's {@code HuggingFaceTokenizer} applies settings of its own on top of the tokenizer.json, and
 * there is no way to switch them all off:
 * <ul>
 *   <li>Its constructor always calls {@code setTruncation} or {@code disableTruncation}, and
 *       {@code setPadding} or {@code disablePadding}. Defaults (also with {@code options == null}):
 *       truncation {@code LONGEST_FIRST}, padding {@code LONGEST} (= BatchLongest),
 *       {@code maxLength} = the JSON's {@code truncation.max_length}, else its padding
 *       {@code Fixed(n)}, else {@code modelMaxLength} = 512, and capped at 512. So by default a
 *       tokenizer with no truncation in its JSON (gpt4o) truncates to 512 tokens, and minilm's
 *       {@code Fixed(128)} padding becomes {@code BatchLongest}. (Demonstrated by
 *       {@code RustReferenceTest}.)</li>
 *   <li>{@code optTruncation(false)} / {@code optPadding(false)} disable them, dropping the JSON's
 *       own settings too.</li>
 *   <li>The JNI setters cannot express everything: {@code setTruncation(max, strategy, stride)} has
 *       no direction (an existing JSON block keeps its direction, otherwise Right);
 *       {@code setPadding} has no direction, pad id, pad token or pad type id. When the tokenizer
 *       has no truncation yet, an invalid stride makes Rust's {@code with_truncation} fail and the
 *       JNI ignores the error: truncation silently stays off.</li>
 *   <li>{@code encode(text)} drops the overflowing encodings unless the option
 *       {@code withOverflowingTokens} is true (default false; {@code exceedMaxLength()} still says
 *       whether there were any); {@code addSpecialTokens} defaults to true, or, with a
 *       tokenizer_config, to whether it names any special token.</li>
 *   <li>{@code newInstance(...)} calls {@code Ec2Utils.callHome} (an HTTP request to the EC2
 *       metadata address 169.254.169.254) unless offline mode or {@code OPT_OUT_TRACKING} is set.</li>
 *   <li>{@code encode(String)} may rewrite the text first (addPrefixSpace, doLowerCase,
 *       stripAccents — only from options or a tokenizer_config); {@code decode(ids)} defaults
 *       {@code skipSpecialTokens} to {@code !addSpecialTokens}, and applies Java-side
 *       {@code cleanUpTokenization} when a tokenizer_config asks for it.</li>
 * </ul>
 * This class therefore calls {@code TokenizersLibrary.LIB} directly: the tokenizer is built by
 * Rust's {@code Tokenizer::from_str(json)} and nothing else. Truncation and padding for a test are
 * written into the JSON text ({@link #withSettings}, via {@link JsonSettings}), which is exactly
 * what the Rust library deserializes — every field, no validation, no DJL defaults.
 *
 * <h2>What the JNI layer returns</h2>
 * <ul>
 *   <li>All encodes use Rust's {@code encode_char_offsets}: offsets are in <b>Unicode code points</b>
 *       ({@code char}s) into the token's own sequence (for a pair, the second text's tokens count
 *       from the start of the second text). Ferrite's {@code Encoding.offsets(OffsetUnit.CODEPOINTS)}
 *       is the matching view.</li>
 *   <li>{@code getTokenCharSpans} is built from Rust's {@code token_to_chars}, which is
 *       {@code None} for a token outside every sequence range: the special tokens a post-processor
 *       adds and padding. Those entries are {@code null} (kept as {@code null} in
 *       {@link RefEncoding#charSpans()}). When the encoding has no sequence ranges at all (no
 *       post-processor, single input: gpt4o) every token, padding included, is in sequence 0 and gets
 *       a span.</li>
 *   <li>Word ids and sequence ids are {@code long}s with {@code -1} for Rust's {@code None}. In a
 *       top-level encoding, sequence ids are -1 exactly where the char span is {@code null}. In
 *       overflowing encodings they can disagree: a truncated piece loses its sequence ranges, and
 *       with no post-processor Rust's {@code merge_with} then gives the merged piece the pair's range
 *       only, so some text tokens get a {@code null} span (their real offsets are not observable
 *       through DJL) while {@code get_sequence_ids} still calls them sequence 0 (its fallback range
 *       for a missing sequence is the whole encoding).</li>
 *   <li>Overflowing encodings are deep copies; each has its own overflowing list (a truncated pair
 *       yields nested overflowings). DJL's {@code Encoding.exceedMaxLength()} is just
 *       {@code overflowing count > 0}.</li>
 *   <li>{@code encodeDual} = pair; {@code batchEncode}/{@code batchEncodePair} =
 *       {@code encode_batch_char_offsets}: parallel encodes, then the tokenizer's padding over the
 *       whole batch (BatchLongest pads to the longest of the batch). {@code encodeList} is a
 *       pre-tokenized input (a list of words), not a batch.</li>
 *   <li>{@code decode(handle, ids, flag)}: the Java parameter is named {@code addSpecialTokens} but
 *       is Rust's {@code skip_special_tokens}. Ids the vocabulary does not know are silently dropped
 *       (Rust's {@code decode} uses {@code filter_map}); ids are cast to {@code u32}.</li>
 *   <li>Errors returned by Rust ({@code Result::Err}) are thrown as plain
 *       {@code java.lang.RuntimeException} with Rust's message, e.g. "Truncation error: Second
 *       sequence not provided", or serde's "expected `,` or `}` at line 1 column 7".</li>
 *   <li><b>Panics abort the JVM</b> ("fatal runtime error: failed to initiate panic"): the batch
 *       functions {@code unwrap()} their result, and {@code Encoding::truncate} asserts
 *       {@code stride < max_len} for each sequence it cuts. This class refuses (with
 *       {@link ReferenceException}) the calls that would reach those panics.</li>
 *   <li>With special tokens, truncation cuts to {@code max_length - added} computed in {@code usize};
 *       the library is a release build (no overflow checks), so a {@code max_length} below the number
 *       of special tokens wraps around and <b>nothing is truncated</b> (minilm, max_length 2, a pair:
 *       all tokens come back, no overflowing).</li>
 *   <li>Strings cross JNI as modified UTF-8. A string with a lone surrogate is not valid CESU-8, so
 *       jni-rs falls back to {@code String::from_utf8_lossy} on the raw bytes: the lone surrogate
 *       becomes <b>three</b> U+FFFD, and every supplementary character of the same string six.
 *       Ferrite reads a lone surrogate as one U+FFFD, so the comparable reference input is the
 *       string with each lone surrogate replaced by U+FFFD; this class rejects lone surrogates.
 *       U+0000 ({@code C0 80} in modified UTF-8) and supplementary characters in valid strings
 *       arrive intact.</li>
 * </ul>
 *
 * <h2>Loading without network</h2>
 * The native library is inside the DJL jar ({@code native/lib/linux-x86_64/cpu/libtokenizers.so},
 * also aarch64, macOS, Windows). {@code LibUtils} copies it to
 * {@code ENGINE_CACHE_DIR}/{@code DJL_CACHE_DIR} (default {@code ~/.djl.ai})
 * {@code /tokenizers/0.21.0-0.38.0-cpu-<classifier>/} and loads it from there. It downloads only for
 * a CUDA flavor, which {@code Platform} picks when it detects a GPU — unless offline mode
 * ({@code ai.djl.offline=true} / {@code DJL_OFFLINE}) forces the {@code cpu} flavor. This class sets
 * {@code ai.djl.offline=true}, {@code OPT_OUT_TRACKING=true} and, when neither is set, an
 * {@code ENGINE_CACHE_DIR} under {@code java.io.tmpdir}, before DJL's classes initialize (the
 * surefire configuration in tokenizers/pom.xml sets the same, with the cache under target/).
 *
 * <p>Thread safety: Rust's {@code Tokenizer} encodes through {@code &self}; concurrent encodes on one
 * instance are safe. {@link #close()} must not race with them.
 */
public final class RustReference implements AutoCloseable {
    static {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        if (System.getenv("ENGINE_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null
                && System.getProperty("DJL_CACHE_DIR") == null) {
            setIfAbsent("ENGINE_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "ferrite-djl-cache").toString());
        }
    }

    private static final TokenizersLibrary LIB = loadLibrary();

    private final String json;
    private final long handle;
    /** Whether {@link #truncation}/{@link #padding} are known (set by {@link #withSettings}). */
    private final boolean settingsKnown;
    /** The reference this one was derived from by {@link #withSettings}, or null; it outlives this one. */
    private final RustReference parent;
    private volatile Truncation truncation;
    private volatile Padding padding;
    private volatile RustReference untruncated;
    private volatile boolean closed;
    private volatile int addedSingle = -1;
    private volatile int addedPair = -1;

    private RustReference(String json, long handle, RustReference parent, boolean settingsKnown, Truncation truncation,
                          Padding padding) {
        this.json = json;
        this.parent = parent;
        this.handle = handle;
        this.settingsKnown = settingsKnown;
        this.truncation = truncation;
        this.padding = padding;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    private static TokenizersLibrary loadLibrary() {
        LibUtils.checkStatus(); // throws EngineException with the cause if the native library did not load
        return TokenizersLibrary.LIB;
    }

    /** Builds the reference from tokenizer.json text, with the JSON's own truncation and padding. */
    public static RustReference fromJson(String json) {
        return create(json, null, false, null, null);
    }

    private static RustReference create(String json, RustReference parent, boolean settingsKnown, Truncation truncation,
                                        Padding padding) {
        Objects.requireNonNull(json, "json");
        try {
            return new RustReference(json, LIB.createTokenizerFromString(json), parent, settingsKnown, truncation, padding);
        } catch (RuntimeException e) {
            throw new ReferenceException(ReferenceException.Kind.RUST_ERROR, "the Rust library cannot load this tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** Builds the reference from a tokenizer.json file. */
    public static RustReference fromFile(Path path) {
        try {
            return fromJson(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON this reference was built from. */
    public String json() {
        return json;
    }

    /**
     * A new reference from the same JSON with its truncation and padding replaced (null = none):
     * the Rust equivalent of {@code Tokenizer.withTruncation(t).withPadding(p)}. Close it when done.
     */
    public RustReference withSettings(Truncation truncation, Padding padding) {
        RustReference root = parent != null ? parent : this;
        return create(JsonSettings.with(json, truncation, padding), root, true, truncation, padding);
    }

    /**
     * Changes this reference's truncation in place, through DJL's {@code setTruncation} on the
     * existing {@code TruncationParams} (which then keeps its direction and is not validated): a
     * cheap alternative to {@link #withSettings} for a 33 MB tokenizer. Only for a reference made by
     * {@code withSettings} with a truncation of the same direction. Must not race with encodes.
     */
    public void setTruncation(Truncation t) {
        Truncation current = truncation;
        if (!settingsKnown || current == null || t == null || current.direction() != t.direction()) {
            throw new IllegalStateException("setTruncation needs a reference from withSettings with a truncation of"
                    + " the same direction (have " + current + ", want " + t + ")");
        }
        LIB.setTruncation(handle(), t.maxLength(), t.strategy().name(), t.stride());
        truncation = t;
    }

    /**
     * Changes this reference's padding in place, through DJL's {@code setPaddingWithTokenAndId} on the
     * existing {@code PaddingParams} (which keep their direction and pad type id). Only for a
     * reference made by {@code withSettings} with a padding of the same direction and pad type id.
     * Must not race with encodes.
     */
    public void setPadding(Padding p) {
        Padding current = padding;
        if (!settingsKnown || current == null || p == null || current.direction() != p.direction()
                || current.padTypeId() != p.padTypeId()) {
            throw new IllegalStateException("setPadding needs a reference from withSettings with a padding of the"
                    + " same direction and pad type id (have " + current + ", want " + p + ")");
        }
        LIB.setPaddingWithTokenAndId(handle(), p.fixedLength(), p.isBatchLongest() ? "LONGEST" : "MAX_LENGTH",
                p.padToken(), p.padId(), p.padToMultipleOf());
        padding = p;
    }

    /** Encodes one text with {@code encode_char_offsets}. */
    public RefEncoding encode(String text, boolean addSpecialTokens) {
        checkText(text);
        guardTruncation(text, null, addSpecialTokens);
        return collect(call(() -> LIB.encode(handle(), text, addSpecialTokens)));
    }

    /** Encodes a pair of texts with {@code encode_char_offsets}. */
    public RefEncoding encode(String text, String pair, boolean addSpecialTokens) {
        checkText(text);
        checkText(pair);
        guardTruncation(text, pair, addSpecialTokens);
        return collect(call(() -> LIB.encodeDual(handle(), text, pair, addSpecialTokens)));
    }

    /**
     * Encodes a batch ({@code encode_batch_char_offsets}: padding applies to the whole batch). When
     * truncation is on, each text is first encoded alone, so that an error surfaces as a
     * {@link ReferenceException} instead of the batch's panic.
     */
    public List<RefEncoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        texts.forEach(RustReference::checkText);
        if (truncates()) for (String t : texts) encode(t, addSpecialTokens);
        long[] handles = call(() -> LIB.batchEncode(handle(), texts.toArray(String[]::new), addSpecialTokens));
        List<RefEncoding> out = new ArrayList<>(handles.length);
        for (long h : handles) out.add(collect(h));
        return out;
    }

    /** Encodes a batch of pairs {@code (texts[i], pairs[i])}; see {@link #encodeBatch}. */
    public List<RefEncoding> encodeBatch(List<String> texts, List<String> pairs, boolean addSpecialTokens) {
        if (texts.size() != pairs.size()) throw new IllegalArgumentException("texts and pairs differ in size");
        texts.forEach(RustReference::checkText);
        pairs.forEach(RustReference::checkText);
        if (truncates()) for (int i = 0; i < texts.size(); i++) encode(texts.get(i), pairs.get(i), addSpecialTokens);
        long[] handles = call(() -> LIB.batchEncodePair(handle(), texts.toArray(String[]::new),
                pairs.toArray(String[]::new), addSpecialTokens));
        List<RefEncoding> out = new ArrayList<>(handles.length);
        for (long h : handles) out.add(collect(h));
        return out;
    }

    /** Decodes {@code ids}; unknown ids are dropped, as the Rust library does. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) longs[i] = ids[i];
        return call(() -> LIB.decode(handle(), longs, skipSpecialTokens));
    }

    /** Whether a truncation is configured (Rust's {@code get_truncation().is_some()}). */
    public boolean truncates() {
        return !"DO_NOT_TRUNCATE".equals(LIB.getTruncationStrategy(handle()));
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        LIB.deleteTokenizer(handle);
        RustReference u = untruncated;
        if (u != null) u.close();
    }

    private long handle() {
        if (closed) throw new IllegalStateException("reference closed");
        return handle;
    }

    private static void checkText(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ReferenceException(ReferenceException.Kind.UNREPRESENTABLE_INPUT, "lone surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i
                        + ": JNI would turn the whole string into lossy UTF-8 (three U+FFFD per lone surrogate);"
                        + " pass the text with U+FFFD in its place");
            }
        }
    }

    /**
     * Refuses the inputs on which Rust's truncation would panic (and so abort the JVM): a stride not
     * below the length a sequence is cut to ({@code Encoding::truncate}'s assert). Replays
     * {@code truncate_encodings} on the untruncated lengths.
     */
    private void guardTruncation(String text, String pair, boolean addSpecialTokens) {
        if (!truncates()) return;
        int stride = LIB.getStride(handle());
        int max = LIB.getMaxLength(handle());
        if (addSpecialTokens) {
            int added = addedTokens(pair != null);
            // Rust computes max_length - added in usize; the release build wraps around, so a
            // max_length below the special tokens truncates nothing (and cannot reach the assert).
            if (added > max) return;
            max -= added;
        }
        if (stride == 0 || max == 0) return;
        RustReference plain = untruncated();
        int n1 = plain.encode(text, false).length();
        int n2 = pair == null ? -1 : plain.encode(pair, false).length();
        String strategy = LIB.getTruncationStrategy(handle());
        int total = n1 + Math.max(n2, 0);
        if (total <= max) return;
        int toRemove = total - max;
        switch (strategy) {
            case "longest_first" -> {
                if (n2 < 0) {
                    checkStride(stride, n1, max);
                } else {
                    int a = Math.min(n1, n2);
                    int b;
                    if (a > max) b = a;
                    else b = Math.max(a, max - a);
                    if (a + b > max) {
                        a = max / 2;
                        b = a + max % 2;
                    }
                    int cut1 = n1 > n2 ? b : a;
                    int cut2 = n1 > n2 ? a : b;
                    checkStride(stride, n1, cut1);
                    checkStride(stride, n2, cut2);
                }
            }
            case "only_first" -> {
                if (n1 > toRemove) checkStride(stride, n1, n1 - toRemove);
            }
            case "only_second" -> {
                if (n2 > toRemove) checkStride(stride, n2, n2 - toRemove);
            }
            default -> throw new IllegalStateException("unknown truncation strategy " + strategy);
        }
    }

    private static void checkStride(int stride, int length, int cutTo) {
        if (cutTo < length && cutTo > 0 && stride >= cutTo) {
            throw new ReferenceException(ReferenceException.Kind.WOULD_PANIC, "truncation stride " + stride + " is not below the length " + cutTo
                    + " a sequence is cut to: the Rust library would panic (and abort the JVM)");
        }
    }

    /** How many special tokens the post-processor adds (Rust's {@code added_tokens(is_pair)}), measured once. */
    private int addedTokens(boolean isPair) {
        int n = isPair ? addedPair : addedSingle;
        if (n < 0) {
            RustReference plain = untruncated();
            n = isPair ? plain.encode("", "", true).length() : plain.encode("", true).length();
            if (isPair) addedPair = n;
            else addedSingle = n;
        }
        return n;
    }

    /** This tokenizer without truncation and padding: itself, its parent's, or one built once. */
    private RustReference untruncated() {
        if (parent != null) return parent.untruncated();
        if (!truncates() && "DO_NOT_PAD".equals(LIB.getPaddingStrategy(handle()))) return this;
        RustReference u = untruncated;
        if (u == null) {
            synchronized (this) {
                u = untruncated;
                if (u == null) untruncated = u = fromJson(JsonSettings.with(json, null, null));
            }
        }
        return u;
    }

    private interface NativeCall<T> {
        T run();
    }

    private static <T> T call(NativeCall<T> c) {
        try {
            return c.run();
        } catch (ReferenceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReferenceException(ReferenceException.Kind.RUST_ERROR, "the Rust library failed: " + e.getMessage(), e);
        }
    }

    /** Copies the native encoding (and its overflowing ones) into Java, then frees it. */
    private static RefEncoding collect(long encoding) {
        try {
            String[] tokens = LIB.getTokens(encoding);
            CharSpan[] spans = LIB.getTokenCharSpans(encoding);
            int[][] charSpans = new int[spans.length][];
            for (int i = 0; i < spans.length; i++) {
                if (spans[i] != null) charSpans[i] = new int[] {spans[i].getStart(), spans[i].getEnd()};
            }
            List<RefEncoding> overflowing = new ArrayList<>();
            for (long o : LIB.getOverflowing(encoding)) overflowing.add(collect(o));
            return new RefEncoding(ints(LIB.getTokenIds(encoding)), tokens, ints(LIB.getTypeIds(encoding)),
                    ints(LIB.getWordIds(encoding)), ints(LIB.getSequenceIds(encoding)), ints(LIB.getAttentionMask(encoding)),
                    ints(LIB.getSpecialTokenMask(encoding)), charSpans, List.copyOf(overflowing));
        } finally {
            LIB.deleteEncoding(encoding);
        }
    }

    private static int[] ints(long[] longs) {
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) out[i] = Math.toIntExact(longs[i]);
        return out;
    }
}

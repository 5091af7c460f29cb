package dev.ferrite.tokenizers.pipeline;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The per-token storage of a {@link RawEncoding} (its only subclass, whose public methods these
 * are): ids, words and offsets side by side in one array, flags in another; texts and type ids stored only where the
 * model's names and a common type id do not give them; arrays built in the thread's
 * {@link EncodingScratch} while {@link #scratch} is set, copied out at their exact size by
 * {@link #detachColumns}. Every encode makes one encoding, so each array here is allocation the user pays for.
 */
abstract sealed class TokenColumns permits RawEncoding {
    /** The tokens' {@link #WIDTH} ints side by side. */
    static final int WIDTH = 4;
    static final int ID = 0;
    static final int WORD = 1;
    static final int START = 2;
    static final int END = 3;

    int size;
    /**
     * Per token {@code i}, at {@code WIDTH * i}: its id, word, start and end. One array where there
     * were four: every encode hands one out, and each array header and its padding is allocation too.
     */
    int[] cols;
    /**
     * Each token's type id, or null while every token has {@link #typeId}: a single sequence's are
     * all one value, and an array of them was a sixth of what an encoding allocated.
     */
    int[] typeIds;
    /** The type id of every token while {@link #typeIds} is null. */
    int typeId;
    /**
     * Each token's text; null where it is {@code names.apply(id)} (see {@link #addModelToken}). The
     * array is null while every text is ({@link #texts} makes it): encodings of model tokens alone
     * need none.
     */
    String[] tokens;
    /**
     * The model's names of ids, for the tokens whose text is left null, or null when every text is
     * in {@link #tokens}. Looking the name up per token (an array of a quarter million entries for
     * Gemma) was a measurable share of an encode whose tokens nobody may read.
     */
    IntFunction<String> names;
    /** Per token, its masks and source (see {@link TokenFlags}). */
    byte[] flags;
    /** The thread's arrays this encoding is built in until {@link RawEncoding#detach}, or null when it owns its arrays. */
    EncodingScratch scratch;

    TokenColumns(int capacity, IntFunction<String> names) {
        this.names = names;
        int c = Math.max(capacity, 4);
        cols = new int[WIDTH * c];
        flags = new byte[c];
    }

    TokenColumns(EncodingScratch scratch, IntFunction<String> names, int typeId) {
        this.scratch = scratch;
        this.names = names;
        this.typeId = typeId;
        cols = scratch.cols;
        flags = scratch.flags;
    }

    /** {@link RawEncoding#detach} for the columns: exact arrays out of borrowed ones, type ids dropped when all equal. */
    void detachColumns() {
        if (typeIds != null && uniform(typeIds, size)) {
            typeId = size == 0 ? typeId : typeIds[0];
            typeIds = null;
        }
        if (scratch == null) return;
        scratch = null;
        cols = Arrays.copyOf(cols, WIDTH * size);
        if (typeIds != null) typeIds = Arrays.copyOf(typeIds, size);
        if (tokens != null) tokens = anyText(tokens, size) ? Arrays.copyOf(tokens, size) : null;
        flags = Arrays.copyOf(flags, size);
    }

    /** Takes over the token arrays of {@code o}, borrowed or not (its size is not taken). */
    void takeColumns(TokenColumns o) {
        if (o.names != null) names = o.names;
        scratch = o.scratch;
        cols = o.cols;
        typeIds = o.typeIds;
        typeId = o.typeId;
        tokens = o.tokens;
        flags = o.flags;
    }

    private static boolean uniform(int[] values, int n) {
        for (int i = 1; i < n; i++) if (values[i] != values[0]) return false;
        return true;
    }

    private static boolean anyText(String[] texts, int n) {
        for (int i = 0; i < n; i++) if (texts[i] != null) return true;
        return false;
    }

    /** The tokens the arrays have room for (tests check exact sizes). */
    int capacity() {
        return flags.length;
    }

    /** Whether texts are stored per token (tests check that names make them needless). */
    boolean hasTexts() {
        return tokens != null;
    }

    /** Whether type ids are stored per token. */
    boolean storesTypeIds() {
        return typeIds != null;
    }

    /** Whether this encoding is still built in borrowed arrays (see {@link RawEncoding#borrowing}). */
    public boolean isBorrowing() {
        return scratch != null;
    }

    /** Room for {@code extra} more tokens, the arrays doubled when they grow. */
    void ensure(int extra) {
        int need = size + extra;
        if (need > flags.length) growTo(Math.max(need, flags.length * 2));
    }

    /** Arrays of {@code capacity} tokens holding the current ones; borrowed arrays that grow stay borrowed (up to a limit). */
    void growTo(int capacity) {
        cols = Arrays.copyOf(cols, WIDTH * capacity);
        if (typeIds != null) typeIds = Arrays.copyOf(typeIds, capacity);
        if (tokens != null) tokens = Arrays.copyOf(tokens, capacity);
        flags = Arrays.copyOf(flags, capacity);
        if (scratch == null) return;
        if (EncodingScratch.keeps(capacity)) {
            scratch.keep(cols, flags);
        } else {
            // Too large to keep: the encoding owns these arrays (detach leaves them as they are).
            scratch = null;
        }
    }

    /**
     * Appends a token of the text whose text is the name of its id (special mask 0, attention 1),
     * looked up only when read: this encoding must have been made with its names.
     */
    public void addModelToken(int id, int start, int end, int word, int typeId) {
        ensure(1);
        int i = size++;
        if (tokens != null) tokens[i] = null;
        put(i, id, word, start, end);
        if (typeIds != null || typeId != this.typeId) writeTypeId(i, typeId);
        flags[i] = TokenFlags.ATTENTION;
    }

    /**
     * Overwrites token {@code i} (its source becomes -1, as for a token {@link RawEncoding#add added}). A text
     * that is the name of its id is not stored ([CLS], [SEP] and <s> are in their models' vocabularies):
     * the array of texts is then not made at all.
     */
    public void set(int i, int id, String token, int start, int end, int word, int typeId, int special, int attention) {
        put(i, id, word, start, end);
        token = textToStore(id, token);
        if (token != null || tokens != null) texts()[i] = token;
        writeTypeId(i, typeId);
        flags[i] = TokenFlags.of(special, attention);
    }

    /** {@code token}, or null when it is the name of {@code id} (which {@link #token} then gives): the text to store. */
    String textToStore(int id, String token) {
        return token != null && names != null && token.equals(names.apply(id)) ? null : token;
    }

    /** Writes the four ints of token {@code i}. */
    void put(int i, int id, int word, int start, int end) {
        int at = WIDTH * i;
        cols[at + ID] = id;
        cols[at + WORD] = word;
        cols[at + START] = start;
        cols[at + END] = end;
    }

    /** Column {@code k} ({@link #ID}, {@link #WORD}, {@link #START}, {@link #END}) of every token, a new array. */
    private int[] column(int k) {
        int[] out = new int[size];
        for (int i = 0, at = k; i < size; i++, at += WIDTH) out[i] = cols[at];
        return out;
    }

    /** Sets the type id of token {@code i}, storing type ids per token only once they differ. */
    private void writeTypeId(int i, int value) {
        if (typeIds == null) {
            if (value == typeId) return;
            if (size <= 1) {
                // Token i is the only one.
                typeId = value;
                return;
            }
            materializeTypeIds();
        }
        typeIds[i] = value;
    }

    /** Sets the type ids of tokens {@code [from, to)}, to which the tokens {@code [0, size)} may not all belong. */
    void fillTypeIds(int from, int to, int value) {
        if (typeIds == null) {
            if (value == typeId) return;
            if (size == 0 || from == 0 && to >= size) {
                typeId = value;
                return;
            }
            materializeTypeIds();
        }
        Arrays.fill(typeIds, from, to, value);
    }

    /** Stores the type ids per token (each {@link #typeId} so far). */
    void materializeTypeIds() {
        typeIds = scratch != null ? scratch.typeIds(flags.length) : new int[flags.length];
        Arrays.fill(typeIds, 0, size, typeId);
    }

    /** Copies tokens {@code [from, from + n)} of {@code src} to {@code [to, to + n)} of {@code dst} (which may be {@code src}), every array. */
    static void copyTokens(TokenColumns src, int from, TokenColumns dst, int to, int n) {
        System.arraycopy(src.cols, WIDTH * from, dst.cols, WIDTH * to, WIDTH * n);
        if (src.typeIds == null) {
            dst.fillTypeIds(to, to + n, src.typeId);
        } else {
            if (dst.typeIds == null) dst.materializeTypeIds();
            System.arraycopy(src.typeIds, from, dst.typeIds, to, n);
        }
        if (src.tokens != null) {
            System.arraycopy(src.tokens, from, dst.texts(), to, n);
        } else if (dst.tokens != null) {
            Arrays.fill(dst.tokens, to, to + n, null);
        }
        if (src.names != null && src.names != dst.names) {
            // dst names every token it holds itself, or by other names: it takes src's names, or
            // the texts of the copied tokens.
            if (dst.names == null) {
                dst.names = src.names;
            } else {
                String[] texts = dst.texts();
                for (int i = to; i < to + n; i++) if (texts[i] == null) texts[i] = src.names.apply(dst.id(i));
            }
        }
        System.arraycopy(src.flags, from, dst.flags, to, n);
    }

    /** The array of texts, made (all null) on first use. */
    String[] texts() {
        if (tokens == null) tokens = scratch != null ? scratch.tokens(flags.length) : new String[flags.length];
        return tokens;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return cols[WIDTH * i + ID];
    }

    public String token(int i) {
        String t = tokens == null ? null : tokens[i];
        return t != null || names == null ? t : names.apply(id(i));
    }

    public int typeId(int i) {
        return typeIds == null ? typeId : typeIds[i];
    }

    public int word(int i) {
        return cols[WIDTH * i + WORD];
    }

    public int start(int i) {
        return cols[WIDTH * i + START];
    }

    public int end(int i) {
        return cols[WIDTH * i + END];
    }

    public int specialTokensMask(int i) {
        return TokenFlags.special(flags[i]);
    }

    public int attentionMask(int i) {
        return TokenFlags.attention(flags[i]);
    }

    public void setOffsets(int i, int start, int end) {
        cols[WIDTH * i + START] = start;
        cols[WIDTH * i + END] = end;
    }

    /** Sets every type id to {@code typeId}. */
    public void setTypeIds(int typeId) {
        typeIds = null;
        this.typeId = typeId;
    }

    public int[] ids() {
        return column(ID);
    }

    public int[] typeIds() {
        if (typeIds != null) return Arrays.copyOf(typeIds, size);
        int[] out = new int[size];
        if (typeId != 0) Arrays.fill(out, typeId);
        return out;
    }

    public String[] tokens() {
        String[] out = tokens == null ? new String[size] : Arrays.copyOf(tokens, size);
        if (names != null) for (int i = 0; i < size; i++) if (out[i] == null) out[i] = names.apply(id(i));
        return out;
    }

    /** Records that every token so far came from input text {@code source} (0 = sequence, 1 = pair). */
    public void setSource(int source) {
        int bits = TokenFlags.sourceBits(source);
        for (int i = 0; i < size; i++) flags[i] = (byte) (flags[i] & TokenFlags.MASKS | bits);
    }

    /** The input text token {@code i} came from (0 = sequence, 1 = pair), or -1. */
    public int source(int i) {
        return TokenFlags.source(flags[i]);
    }

    /** Gives every token these masks (each 0 or 1), keeping its source. */
    public void setMasks(int special, int attention) {
        int masks = TokenFlags.of(special, attention);
        for (int i = 0; i < size; i++) flags[i] = (byte) (flags[i] & ~TokenFlags.MASKS | masks);
    }

    /** Records that token {@code i} came from input text {@code source} (0 = sequence, 1 = pair). */
    public void setSource(int i, int source) {
        flags[i] = (byte) (flags[i] & TokenFlags.MASKS | TokenFlags.sourceBits(source));
    }

    /** Per token, the input text its offsets index (0 = sequence, 1 = pair), or -1 for special and padding tokens. */
    public int[] sources() {
        return TokenFlags.sources(flags, size);
    }

    public int[] words() {
        return column(WORD);
    }

    public int[] starts() {
        return column(START);
    }

    public int[] ends() {
        return column(END);
    }

    public int[] specialTokensMask() {
        return TokenFlags.specialMasks(flags, size);
    }

    public int[] attentionMask() {
        return TokenFlags.attentionMasks(flags, size);
    }
}

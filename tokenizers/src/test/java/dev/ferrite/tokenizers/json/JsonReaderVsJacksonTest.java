package dev.ferrite.tokenizers.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonBoolean;
import dev.ferrite.tokenizers.json.JsonValue.JsonNull;
import dev.ferrite.tokenizers.json.JsonValue.JsonNumber;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.json.JsonValue.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link JsonReader} against jackson-core, configured as strictly as RFC 8259 (no comments,
 * trailing commas, NaN, leading zeros, leading '+' or '.', trailing '.', single quotes, unquoted
 * names, raw control characters or escapes of other characters; names written twice allowed, as
 * serde_json allows them) and held to the same nesting limit (200 levels). Both parse the same
 * bytes into a neutral tree; numbers are compared as the Rust library reads them: Jackson's text of
 * the number through {@link SerdeNumber}, bit for bit ({@code -0} is not {@code 0}).
 *
 * <p>Where the two legitimately differ, the rule is asserted, never skipped:
 * <ul>
 * <li><b>Out-of-range numbers</b> ({@code 1e400}): Jackson keeps the text, serde_json (so the Rust
 * library) refuses the document with "number out of range", and so must we, at that number's path.
 * <li><b>UTF-8 that Jackson lets through</b>: Jackson checks only the shape of a multi-byte sequence
 * (lead byte, continuation bytes), not overlong forms, UTF-16 surrogates encoded in UTF-8 or code
 * points past U+10FFFF. Rust's {@code str} (so serde_json) refuses them, and so must we, saying
 * "UTF-8"; that the bytes are malformed is checked with the JDK's strict decoder.
 * <li><b>Encoding detection</b>: Jackson's {@code createParser(byte[])} guesses UTF-16/32 from NUL
 * bytes and skips a byte order mark; a tokenizer.json is UTF-8 (serde_json reads a {@code &str}),
 * so the comparison uses Jackson's UTF-8 parser directly ({@link Utf8Only}), which does neither.
 * </ul>
 * Escapes of lone surrogates ({@code "\u005CuD800"}) are kept as such by both (serde_json would
 * refuse them; our reader keeps them on purpose, see its javadoc), and compared like any string.
 */
class JsonReaderVsJacksonTest {

    /** The JSON null of the neutral tree. */
    private enum Null { NULL }

    /** A JSON object as Jackson read it: the entries in document order, duplicate names included. */
    private record Obj(List<String> names, List<Object> values) {
    }

    /** A number that {@link SerdeNumber} finds out of range (its text). */
    private record OutOfRange(String text) {
    }

    /** Jackson's UTF-8 parser over the bytes as they are, without the encoding detection of {@link JsonFactory#createParser(byte[])}. */
    private static final class Utf8Only extends JsonFactory {
        Utf8Only(JsonFactoryBuilder b) {
            super(b);
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
            return new UTF8StreamJsonParser(ctxt, _parserFeatures, null, _objectCodec,
                    _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures), data, offset, offset + len, false);
        }
    }

    private static final JsonFactory JACKSON = new Utf8Only((JsonFactoryBuilder) new JsonFactoryBuilder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .disable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_MISSING_VALUES)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonReadFeature.ALLOW_RS_CONTROL_CHAR)
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(200)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxTokenCount(-1)
                    .build()));

    // ---- the two parsers, to neutral trees ----

    /** Jackson's tree of the document; a {@link JsonProcessingException} when Jackson refuses it. */
    static Object jackson(byte[] doc) throws IOException {
        try (JsonParser p = JACKSON.createParser(doc)) {
            return jacksonDocument(p);
        }
    }

    static Object jackson(String doc) throws IOException {
        try (JsonParser p = JACKSON.createParser(doc)) {
            return jacksonDocument(p);
        }
    }

    private static Object jacksonDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new JsonProcessingException("empty document") { };
        Object v = jacksonValue(p, t);
        if (p.nextToken() != null) throw new JsonProcessingException("content after the value") { };
        return v;
    }

    private static Object jacksonValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Obj o = new Obj(new ArrayList<>(), new ArrayList<>());
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    o.names.add(p.currentName());
                    o.values.add(jacksonValue(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                List<Object> a = new ArrayList<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) a.add(jacksonValue(p, k));
                yield a;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String text = p.getText();
                try {
                    yield SerdeNumber.parse(text);
                } catch (ArithmeticException e) {
                    yield new OutOfRange(text);
                }
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> Null.NULL;
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }

    /**
     * How {@code ours} differs from Jackson's tree {@code expected} (null if it does not). Checks
     * the values, the paths our nodes carry, and the compact forms: an object is kept as arrays of
     * names and numbers (duplicates included, in order) exactly when it is non-empty and every value
     * is a number; an array as packed strings exactly when it is non-empty and every item a string,
     * as packed pairs when every item is an array of two strings.
     */
    static String diff(Object expected, JsonValue ours, String path) {
        return diff(expected, ours, path, false);
    }

    /** {@code arrayItem}: {@code ours} is an item of an array. */
    private static String diff(Object expected, JsonValue ours, String path, boolean arrayItem) {
        if (!ours.path().equals(path)) return path + ": our node says its path is " + ours.path();
        switch (expected) {
            case Obj o -> {
                if (!(ours instanceof JsonObject jo)) return path + ": expected an object, ours is " + ours.kind();
                boolean allNumbers = !o.values.isEmpty() && o.values.stream().allMatch(v -> v instanceof Double);
                if (allNumbers != jo.numberCount() >= 0) return path + ": numberCount " + jo.numberCount() + " but all numbers: " + allNumbers;
                if (allNumbers) {
                    if (jo.numberCount() != o.names.size()) return path + ": " + jo.numberCount() + " entries, Jackson " + o.names.size();
                    for (int i = 0; i < o.names.size(); i++) {
                        if (!jo.name(i).equals(o.names.get(i)) || !o.values.get(i).equals(jo.number(i))) {
                            return path + ": entry " + i + " is " + jo.name(i) + "=" + jo.number(i) + ", Jackson " + o.names.get(i) + "=" + o.values.get(i);
                        }
                    }
                }
                Map<String, Object> last = new LinkedHashMap<>();
                for (int i = 0; i < o.names.size(); i++) last.put(o.names.get(i), o.values.get(i));
                Map<String, JsonValue> fields = jo.fields();
                if (!fields.keySet().equals(last.keySet())) return path + ": names " + fields.keySet() + ", Jackson " + last.keySet();
                for (Map.Entry<String, Object> e : last.entrySet()) {
                    String d = diff(e.getValue(), fields.get(e.getKey()), path + "." + e.getKey());
                    if (d != null) return d;
                }
                return null;
            }
            case List<?> l -> {
                if (!(ours instanceof JsonArray ja)) return path + ": expected an array, ours is " + ours.kind();
                if (ja.size() != l.size()) return path + ": " + ja.size() + " items, Jackson " + l.size();
                String d = packedDiff(l, ja, path, arrayItem);
                if (d != null) return d;
                for (int i = 0; i < l.size(); i++) {
                    d = diff(l.get(i), ja.get(i), path + "[" + i + "]", true);
                    if (d != null) return d;
                }
                return null;
            }
            case String s -> {
                return ours instanceof JsonString js && js.value().equals(s) ? null : path + ": expected string " + escape(s) + ", ours " + show(ours);
            }
            case Double d -> {
                return ours instanceof JsonNumber n && Double.doubleToRawLongBits(n.value()) == Double.doubleToRawLongBits(d)
                        ? null : path + ": expected number " + d + ", ours " + show(ours);
            }
            case Boolean b -> {
                return ours instanceof JsonBoolean jb && jb.value() == b ? null : path + ": expected " + b + ", ours " + show(ours);
            }
            case Null n -> {
                return ours instanceof JsonNull ? null : path + ": expected null, ours " + show(ours);
            }
            default -> throw new IllegalStateException(path + ": " + expected);
        }
    }

    /**
     * The packed forms: an array of strings is packed as strings, an array of arrays of two strings
     * as pairs; but an array of two strings that is an item of an array may have been read as one
     * pair of its parent (whose nodes are then made on demand, as plain arrays).
     */
    private static String packedDiff(List<?> l, JsonArray ja, String path, boolean arrayItem) {
        boolean allStrings = !l.isEmpty() && l.stream().allMatch(v -> v instanceof String);
        boolean allPairs = !l.isEmpty() && l.stream().allMatch(JsonReaderVsJacksonTest::isPair);
        String[] strings = ja.strings();
        String[] pairs = ja.stringPairs();
        boolean maybeReadAsPair = arrayItem && isPair(l);
        if (strings != null && !allStrings || pairs != null && !allPairs
                || allStrings && strings == null && !maybeReadAsPair || allPairs && pairs == null) {
            return path + ": packed strings " + (strings != null) + ", pairs " + (pairs != null) + "; Jackson all strings " + allStrings + ", all pairs " + allPairs;
        }
        for (int i = 0; strings != null && i < l.size(); i++) {
            if (!strings[i].equals(l.get(i))) return path + "[" + i + "]: packed " + escape(strings[i]) + ", Jackson " + escape((String) l.get(i));
        }
        for (int i = 0; pairs != null && i < l.size(); i++) {
            if (!List.of(pairs[2 * i], pairs[2 * i + 1]).equals(l.get(i))) return path + "[" + i + "]: packed pair differs";
        }
        return null;
    }

    private static boolean isPair(Object v) {
        return v instanceof List<?> p && p.size() == 2 && p.get(0) instanceof String && p.get(1) instanceof String;
    }

    private static String show(JsonValue v) {
        return switch (v) {
            case JsonString s -> "string " + escape(s.value());
            case JsonNumber n -> "number " + n.value();
            case JsonBoolean b -> String.valueOf(b.value());
            default -> v.kind();
        };
    }

    /** The first out-of-range number of Jackson's tree in document order (duplicates included), or null. */
    static String firstOutOfRange(Object v, String path) {
        switch (v) {
            case OutOfRange o -> {
                return path;
            }
            case Obj o -> {
                for (int i = 0; i < o.names.size(); i++) {
                    String p = firstOutOfRange(o.values.get(i), path + "." + o.names.get(i));
                    if (p != null) return p;
                }
            }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    String p = firstOutOfRange(l.get(i), path + "[" + i + "]");
                    if (p != null) return p;
                }
            }
            default -> {
            }
        }
        return null;
    }

    // ---- comparing one document ----

    /** What happened to one document. */
    enum Outcome { BOTH_ACCEPT, BOTH_REJECT, OUT_OF_RANGE, STRICTER_UTF8 }

    private static final Pattern LOCATION = Pattern.compile("\\(line (\\d+), column (\\d+)\\)");

    /**
     * Parses {@code doc} with both and checks that they agree, or differ only by a stated rule;
     * {@code what} (seed and case) goes into every failure message.
     */
    static Outcome compare(byte[] doc, String what) {
        Object theirs;
        IOException jacksonError = null;
        try {
            theirs = jackson(doc);
        } catch (IOException e) {
            theirs = null;
            jacksonError = e;
        }
        JsonValue ours;
        TokenizerException ourError = null;
        try {
            ours = JsonReader.parse(doc, "test");
        } catch (TokenizerException e) {
            ours = null;
            ourError = e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(what + ": our reader threw " + e + " (not a TokenizerException) on " + show(doc), e);
        }
        if (ourError != null) checkErrorMessage(ourError, doc, what);
        if (jacksonError != null) {
            if (ourError == null) fail("%s: Jackson refuses (%s) what we accept: %s", what, jacksonError.getMessage(), show(doc));
            return Outcome.BOTH_REJECT;
        }
        String outOfRange = firstOutOfRange(theirs, "$");
        if (ourError != null) {
            String m = ourError.getMessage();
            if (m.contains("UTF-8")) {
                // Rule: Jackson accepts overlong forms, encoded surrogates and code points past U+10FFFF.
                assertThat(wellFormedUtf8(doc)).as("%s: we refuse as not UTF-8 what the JDK's strict decoder reads: %s in %s", what, m, show(doc)).isFalse();
                return Outcome.STRICTER_UTF8;
            }
            // Rule: a number out of f64's range refuses the document, at its path.
            assertThat(outOfRange).as("%s: we refuse (%s) what Jackson accepts: %s", what, m, show(doc)).isNotNull();
            assertThat(m).as(what).startsWith("test: " + outOfRange + ": ").contains("number out of range");
            return Outcome.OUT_OF_RANGE;
        }
        assertThat(outOfRange).as("%s: we accept an out-of-range number: %s", what, show(doc)).isNull();
        assertThat(wellFormedUtf8(doc)).as("%s: we accept malformed UTF-8: %s", what, show(doc)).isTrue();
        String d = diff(theirs, ours, "$");
        if (d != null) fail("%s: trees differ at %s; document %s", what, escape(d), show(doc));
        return Outcome.BOTH_ACCEPT;
    }

    /** Our errors start with the source and a JSON path, and say where (line and column of a place in the document). */
    private static void checkErrorMessage(TokenizerException e, byte[] doc, String what) {
        String m = e.getMessage();
        assertThat(m).as("%s: error message names the source and path", what).startsWith("test: $");
        Matcher at = LOCATION.matcher(m);
        assertThat(at.find()).as("%s: error message has a line and column: %s", what, m).isTrue();
        int lines = 1;
        for (byte b : doc) if (b == '\n') lines++;
        assertThat(Integer.parseInt(at.group(1))).as("%s: line of %s", what, m).isBetween(1, lines);
        assertThat(Integer.parseInt(at.group(2))).as("%s: column of %s", what, m).isBetween(1, doc.length + 1);
    }

    static boolean wellFormedUtf8(byte[] doc) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(doc));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String show(byte[] doc) {
        String s = new String(doc, StandardCharsets.ISO_8859_1);
        return escape(s.length() > 400 ? s.substring(0, 400) + "...(" + doc.length + " bytes)" : s);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7F) b.append(ch);
            else b.append(String.format("\\u%04X", (int) ch));
        }
        return b.append('"').toString();
    }

    // ---- (a) the fixtures ----

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o"})
    void fixtureTreesAreJacksons(String name) throws IOException {
        String dir = System.getProperty("ferrite.fixtures");
        if (dir == null) fail("system property ferrite.fixtures is not set (run the tests through Maven)");
        Path file = Path.of(dir, "tokenizers", name, "tokenizer.json");
        if (!Files.isRegularFile(file)) fail("fixture " + file + " is missing");
        byte[] doc = Files.readAllBytes(file);
        Object theirs = jackson(doc);
        JsonValue ours = JsonReader.parse(doc, file.toString());
        String d = diff(theirs, ours, "$");
        if (d != null) fail("%s: trees differ at %s", name, escape(d));
    }

    // ---- (b) random documents ----

    @Test
    void randomDocumentsGiveJacksonsTrees() {
        int[] outcomes = new int[Outcome.values().length];
        for (int seed = 0; seed < 3000; seed++) {
            Generator g = new Generator(new Random(seed));
            String doc = g.document();
            String what = "random document, seed " + seed;
            Outcome o = compare(doc.getBytes(StandardCharsets.UTF_8), what);
            outcomes[o.ordinal()]++;
            assertThat(o).as(what).isIn(Outcome.BOTH_ACCEPT, Outcome.OUT_OF_RANGE);
            if (o == Outcome.BOTH_ACCEPT) compareString(doc, what + " (as a Java string)");
        }
        assertThat(outcomes[Outcome.BOTH_ACCEPT.ordinal()]).as(Arrays.toString(outcomes)).isGreaterThan(2500);
        assertThat(outcomes[Outcome.OUT_OF_RANGE.ordinal()]).as(Arrays.toString(outcomes)).isPositive();
    }

    /** {@link JsonReader#parse(String, String)} against Jackson's reader of a String. */
    private static void compareString(String doc, String what) {
        Object theirs;
        try {
            theirs = jackson(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        }
        String d = diff(theirs, JsonReader.parse(doc, "test"), "$");
        if (d != null) fail("%s: trees differ at %s; document %s", what, escape(d), escape(doc));
    }

    /**
     * A Java string may hold lone surrogates as they are (UTF-8 cannot): our reader of a String
     * keeps them in strings as an escape would, like Jackson's reader of a String, and refuses
     * them outside strings.
     */
    @Test
    void rawLoneSurrogatesOfAJavaString() {
        for (int seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            Generator g = new Generator(r);
            String doc = g.document();
            String what = "raw lone surrogates, seed " + seed;
            // Into a string (after an opening quote that is not escaped), or anywhere.
            int at = r.nextInt(doc.length() + 1);
            boolean inString = r.nextBoolean();
            if (inString) {
                int q = doc.indexOf('"', at);
                if (q < 0) q = doc.indexOf('"');
                if (q < 0) continue;
                at = q + 1;
            }
            char sur = (char) (r.nextBoolean() ? 0xD800 + r.nextInt(0x400) : 0xDC00 + r.nextInt(0x400));
            String mutated = doc.substring(0, at) + sur + (r.nextBoolean() ? "?" : "") + doc.substring(at);
            Object theirs;
            try {
                theirs = jackson(mutated);
            } catch (IOException e) {
                theirs = null;
            }
            JsonValue ours;
            try {
                ours = JsonReader.parse(mutated, "test");
            } catch (TokenizerException e) {
                ours = null;
            }
            if (theirs == null || firstOutOfRange(theirs, "$") != null) {
                assertThat(ours).as("%s: we accept what Jackson refuses: %s", what, escape(mutated)).isNull();
            } else {
                assertThat(ours).as("%s: we refuse what Jackson accepts: %s", what, escape(mutated)).isNotNull();
                String d = diff(theirs, ours, "$");
                if (d != null) fail("%s: trees differ at %s; document %s", what, escape(d), escape(mutated));
            }
        }
    }

    // ---- (c) mutated documents ----

    @Test
    void mutatedDocumentsAreAcceptedOrRefusedByBoth() {
        int[] outcomes = new int[Outcome.values().length];
        for (int seed = 0; seed < 6000; seed++) {
            Random r = new Random(1_000_000 + seed);
            byte[] doc = new Generator(r).document().getBytes(StandardCharsets.UTF_8);
            List<String> how = new ArrayList<>();
            int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
            for (int k = 0; k < n; k++) doc = Mutator.mutate(doc, r, how);
            outcomes[compare(doc, "mutated document, seed " + (1_000_000 + seed) + " " + how).ordinal()]++;
        }
        String counts = Arrays.toString(outcomes);
        assertThat(outcomes[Outcome.BOTH_ACCEPT.ordinal()]).as(counts).isGreaterThan(200);
        assertThat(outcomes[Outcome.BOTH_REJECT.ordinal()]).as(counts).isGreaterThan(3000);
        assertThat(outcomes[Outcome.STRICTER_UTF8.ordinal()]).as(counts).isPositive();
    }

    /** Around the nesting limit both agree: 200 levels are read, 201 refused (arrays, objects, a pair of strings innermost). */
    @Test
    void nestingLimitIsJacksons() {
        for (int depth = 195; depth <= 205; depth++) {
            for (String inner : List.of("1", "[\"a\", \"b\"]", "{}", "\"x\"")) {
                StringBuilder open = new StringBuilder();
                StringBuilder close = new StringBuilder();
                for (int k = 0; k < depth; k++) {
                    boolean object = k % 3 == 1;
                    open.append(object ? "{\"k\": " : "[");
                    close.insert(0, object ? "}" : "]");
                }
                byte[] doc = (open + inner + close).getBytes(StandardCharsets.UTF_8);
                Outcome o = compare(doc, "depth " + depth + " around " + inner);
                int total = depth + (inner.startsWith("[") || inner.startsWith("{") ? 1 : 0);
                assertThat(o).as("depth %d around %s", depth, inner).isEqualTo(total <= 200 ? Outcome.BOTH_ACCEPT : Outcome.BOTH_REJECT);
            }
        }
    }
}

package dev.ferrite.tokenizers.json;

import dev.ferrite.tokenizers.TokenizerException;
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
import java.util.List;
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
 * so the comparison uses Jackson's UTF-8 parser directly ({@link JacksonTrees}), which does neither.
 * </ul>
 * Escapes of lone surrogates ({@code "\u005CuD800"}) are kept as such by both (serde_json would
 * refuse them; our reader keeps them on purpose, see its javadoc), and compared like any string.
 */
class JsonReaderVsJacksonTest {

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
            theirs = JacksonTrees.jackson(doc);
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
        String outOfRange = JacksonTrees.firstOutOfRange(theirs, "$");
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
        String d = JacksonTrees.diff(theirs, ours, "$");
        if (d != null) fail("%s: trees differ at %s; document %s", what, JacksonTrees.escape(d), show(doc));
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
        return JacksonTrees.escape(s.length() > 400 ? s.substring(0, 400) + "...(" + doc.length + " bytes)" : s);
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
        Object theirs = JacksonTrees.jackson(doc);
        JsonValue ours = JsonReader.parse(doc, file.toString());
        String d = JacksonTrees.diff(theirs, ours, "$");
        if (d != null) fail("%s: trees differ at %s", name, JacksonTrees.escape(d));
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
            theirs = JacksonTrees.jackson(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        }
        String d = JacksonTrees.diff(theirs, JsonReader.parse(doc, "test"), "$");
        if (d != null) fail("%s: trees differ at %s; document %s", what, JacksonTrees.escape(d), JacksonTrees.escape(doc));
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
                theirs = JacksonTrees.jackson(mutated);
            } catch (IOException e) {
                theirs = null;
            }
            JsonValue ours;
            try {
                ours = JsonReader.parse(mutated, "test");
            } catch (TokenizerException e) {
                ours = null;
            }
            if (theirs == null || JacksonTrees.firstOutOfRange(theirs, "$") != null) {
                assertThat(ours).as("%s: we accept what Jackson refuses: %s", what, JacksonTrees.escape(mutated)).isNull();
            } else {
                assertThat(ours).as("%s: we refuse what Jackson accepts: %s", what, JacksonTrees.escape(mutated)).isNotNull();
                String d = JacksonTrees.diff(theirs, ours, "$");
                if (d != null) fail("%s: trees differ at %s; document %s", what, JacksonTrees.escape(d), JacksonTrees.escape(mutated));
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

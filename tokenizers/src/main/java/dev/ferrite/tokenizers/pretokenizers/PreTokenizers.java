package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.pipeline.SplitDelimiterBehavior;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link PreTokenizer} from its tokenizer.json object, chosen by the {@code "type"} field.
 * Fields are required, optional or defaulted exactly as the reference's serde definitions make
 * them; a JSON {@code null} is accepted only where the reference takes an {@code Option}.
 */
public final class PreTokenizers {
    private static final String KNOWN = "BertPreTokenizer, ByteLevel, CharDelimiterSplit, Digits, Metaspace, Punctuation, "
            + "Sequence, Split, UnicodeScripts, Whitespace, WhitespaceSplit";

    private PreTokenizers() {
    }

    public static PreTokenizer fromJson(JsonObject json) {
        return switch (json.type()) {
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "ByteLevel" -> new ByteLevel(json.get("add_prefix_space").asBoolean(), json.get("trim_offsets").asBoolean(),
                    defaulted(json, "use_regex") == null || defaulted(json, "use_regex").asBoolean());
            case "CharDelimiterSplit" -> new CharDelimiterSplit(oneChar(json.get("delimiter")));
            case "Digits" -> new Digits(json.get("individual_digits").asBoolean());
            case "Metaspace" -> metaspace(json);
            case "Punctuation" -> new Punctuation(defaulted(json, "behavior") == null
                    ? SplitDelimiterBehavior.ISOLATED : behavior(defaulted(json, "behavior")));
            case "Sequence" -> sequence(json.get("pretokenizers").asArray());
            case "Split" -> split(json);
            case "UnicodeScripts" -> new UnicodeScripts();
            case "Whitespace" -> new Whitespace();
            case "WhitespaceSplit" -> new WhitespaceSplit();
            default -> throw json.unknownType("pre-tokenizer", KNOWN);
        };
    }

    private static PreTokenizer sequence(JsonArray items) {
        List<PreTokenizer> list = new ArrayList<>(items.size());
        for (JsonValue v : items.items()) list.add(fromJson(v.asObject()));
        return new Sequence(list);
    }

    private static PreTokenizer metaspace(JsonObject json) {
        int replacement = oneChar(json.get("replacement"));
        JsonValue scheme = defaulted(json, "prepend_scheme");
        Metaspace.PrependScheme prepend = scheme == null ? Metaspace.PrependScheme.ALWAYS : switch (scheme.asString()) {
            case "first" -> Metaspace.PrependScheme.FIRST;
            case "never" -> Metaspace.PrependScheme.NEVER;
            case "always" -> Metaspace.PrependScheme.ALWAYS;
            default -> throw scheme.mismatch("one of \"first\", \"never\", \"always\"");
        };
        // Legacy field: add_prefix_space=false is only allowed together with prepend_scheme "never".
        JsonValue addPrefixSpace = json.opt("add_prefix_space");
        if (addPrefixSpace != null && !addPrefixSpace.asBoolean() && prepend != Metaspace.PrependScheme.NEVER) {
            throw new TokenizerException(addPrefixSpace.path() + ": add_prefix_space does not match declared prepend_scheme");
        }
        JsonValue strRep = json.opt("str_rep");
        if (strRep != null) strRep.asString();
        JsonValue split = json.opt("split");
        return new Metaspace(replacement, prepend, split == null || split.asBoolean());
    }

    private static PreTokenizer split(JsonObject json) {
        JsonObject pattern = json.get("pattern").asObject();
        SplitDelimiterBehavior behavior = behavior(json.get("behavior"));
        boolean invert = json.get("invert").asBoolean();
        Map<String, JsonValue> fields = pattern.fields();
        if (fields.size() != 1) throw pattern.mismatch("an object with exactly one of \"String\" or \"Regex\"");
        Map.Entry<String, JsonValue> only = fields.entrySet().iterator().next();
        String text = only.getValue().asString();
        return switch (only.getKey()) {
            case "String" -> Split.onString(text, behavior, invert);
            case "Regex" -> {
                try {
                    yield Split.onRegex(text, behavior, invert);
                } catch (IllegalArgumentException e) {
                    throw new TokenizerException(only.getValue().path() + ": invalid or unsupported regex: " + e.getMessage(), e);
                }
            }
            default -> throw new TokenizerException(pattern.path() + ": unknown pattern kind \"" + only.getKey()
                    + "\"; expected \"String\" or \"Regex\"");
        };
    }

    static SplitDelimiterBehavior behavior(JsonValue v) {
        return switch (v.asString()) {
            case "Removed" -> SplitDelimiterBehavior.REMOVED;
            case "Isolated" -> SplitDelimiterBehavior.ISOLATED;
            case "MergedWithPrevious" -> SplitDelimiterBehavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> SplitDelimiterBehavior.MERGED_WITH_NEXT;
            case "Contiguous" -> SplitDelimiterBehavior.CONTIGUOUS;
            default -> throw v.mismatch("one of \"Removed\", \"Isolated\", \"MergedWithPrevious\", \"MergedWithNext\", \"Contiguous\"");
        };
    }

    /** A field with a serde default: null when absent; present (even as JSON null) it must be valid. */
    private static JsonValue defaulted(JsonObject json, String name) {
        return json.fields().get(name);
    }

    /** A Rust {@code char}: a string of exactly one code point. */
    private static int oneChar(JsonValue v) {
        String s = v.asString();
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) throw v.mismatch("a string of exactly one character");
        return s.codePointAt(0);
    }
}

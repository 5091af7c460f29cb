package dev.ferrite.tokenizers.decoders;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link Decoder} from its tokenizer.json object, chosen by the {@code "type"} field.
 * Required and optional fields are those of the Rust library's serde definitions (v0.21.0);
 * every error names the JSON path.
 */
public final class Decoders {
    private static final String KNOWN = "BPEDecoder, ByteLevel, WordPiece, Metaspace, CTC, Sequence, Replace, Fuse, Strip, ByteFallback";

    private Decoders() {
    }

    public static Decoder fromJson(JsonObject json) {
        return switch (json.type()) {
            case "BPEDecoder" -> new BPEDecoder(json.string("suffix"));
            case "ByteLevel" -> {
                // Only decoding is done here, but the Rust struct requires these fields all the same.
                json.get("add_prefix_space").asBoolean();
                json.get("trim_offsets").asBoolean();
                json.optBoolean("use_regex", true);
                yield new ByteLevel();
            }
            case "WordPiece" -> new WordPiece(json.string("prefix"), json.get("cleanup").asBoolean());
            case "Metaspace" -> metaspace(json);
            case "CTC" -> new CTC(json.string("pad_token"), json.string("word_delimiter_token"), json.get("cleanup").asBoolean());
            case "Sequence" -> {
                List<Decoder> decoders = new ArrayList<>();
                for (JsonValue v : json.get("decoders").asArray().items()) decoders.add(fromJson(v.asObject()));
                yield new Sequence(decoders);
            }
            case "Replace" -> replace(json);
            case "Fuse" -> new Fuse();
            case "Strip" -> new Strip(singleChar(json.get("content")), json.get("start").asIndex(), json.get("stop").asIndex());
            case "ByteFallback" -> new ByteFallback();
            default -> throw json.unknownType("decoder", KNOWN);
        };
    }

    private static Metaspace metaspace(JsonObject json) {
        int replacement = singleChar(json.get("replacement"));
        JsonValue schemeValue = json.opt("prepend_scheme");
        Metaspace.PrependScheme scheme = schemeValue == null ? Metaspace.PrependScheme.ALWAYS : switch (schemeValue.asString()) {
            case "always" -> Metaspace.PrependScheme.ALWAYS;
            case "first" -> Metaspace.PrependScheme.FIRST;
            case "never" -> Metaspace.PrependScheme.NEVER;
            default -> throw schemeValue.mismatch("\"always\", \"first\" or \"never\"");
        };
        // Files written before prepend_scheme existed say add_prefix_space: false, which must agree.
        JsonValue addPrefixSpace = json.opt("add_prefix_space");
        if (addPrefixSpace != null && !addPrefixSpace.asBoolean()) {
            if (scheme != Metaspace.PrependScheme.NEVER) {
                throw new TokenizerException(addPrefixSpace.path() + ": add_prefix_space false does not match prepend_scheme \""
                        + scheme.name().toLowerCase(java.util.Locale.ROOT) + "\" (expected \"never\")");
            }
        }
        return new Metaspace(replacement, scheme, json.optBoolean("split", true));
    }

    private static Replace replace(JsonObject json) {
        String content = json.string("content");
        JsonObject pattern = json.get("pattern").asObject();
        if (pattern.fields().size() == 1 && pattern.has("String")) {
            return Replace.ofLiteral(pattern.string("String"), content);
        }
        if (pattern.fields().size() == 1 && pattern.has("Regex")) {
            JsonValue regex = pattern.get("Regex");
            try {
                return Replace.ofRegex(java.util.regex.Pattern.compile(regex.asString()), content);
            } catch (PatternSyntaxException e) {
                throw new TokenizerException(regex.path() + ": invalid regular expression: " + e.getMessage(), e);
            }
        }
        throw new TokenizerException(pattern.path() + ": expected {\"String\": \"...\"} or {\"Regex\": \"...\"}, found fields "
                + pattern.fields().keySet());
    }

    /** A JSON string holding exactly one character (Rust {@code char}), as a code point. */
    static int singleChar(JsonValue v) {
        String s = v.asString();
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw new TokenizerException(v.path() + ": expected a string of exactly one character, found \"" + s + "\"");
        }
        return s.codePointAt(0);
    }
}

package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonValue;
import dev.ferrite.tokenizers.json.JsonValue.JsonArray;
import dev.ferrite.tokenizers.json.JsonValue.JsonObject;
import dev.ferrite.tokenizers.processors.TemplateProcessing.Piece;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SequencePiece;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SpecialToken;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SpecialTokenPiece;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link PostProcessor} from its tokenizer.json object, chosen by the {@code "type"} field.
 * Required and optional fields are those of the Rust library's serde definitions (v0.21.0); every
 * error names the JSON path.
 */
public final class PostProcessors {
    private static final String KNOWN = "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence";

    private PostProcessors() {
    }

    public static PostProcessor fromJson(JsonObject json) {
        return switch (json.type()) {
            // The Rust library reads post-processors as an untagged enum tried in the order Roberta,
            // Bert, ByteLevel, Template, Sequence, and does not check "type" for Roberta and Bert: a
            // "BertProcessing" that also has booleans trim_offsets and add_prefix_space is read as
            // RobertaProcessing, and a "RobertaProcessing" lacking either is read as BertProcessing.
            case "BertProcessing", "RobertaProcessing" -> {
                TokenId sep = tokenId(json.get("sep"));
                TokenId cls = tokenId(json.get("cls"));
                if (json.opt("trim_offsets") instanceof JsonValue.JsonBoolean trim
                        && json.opt("add_prefix_space") instanceof JsonValue.JsonBoolean prefix) {
                    yield new RobertaProcessing(sep.token(), sep.id(), cls.token(), cls.id(), trim.value(), prefix.value());
                }
                yield new BertProcessing(sep.token(), sep.id(), cls.token(), cls.id());
            }
            case "ByteLevel" -> new ByteLevel(json.get("add_prefix_space").asBoolean(), json.get("trim_offsets").asBoolean(),
                    json.optBoolean("use_regex", true));
            case "TemplateProcessing" -> template(json);
            case "Sequence" -> {
                List<PostProcessor> processors = new ArrayList<>();
                for (JsonValue v : json.get("processors").asArray().items()) processors.add(fromJson(v.asObject()));
                yield new Sequence(processors);
            }
            default -> throw json.unknownType("post-processor", KNOWN);
        };
    }

    private record TokenId(String token, int id) {
    }

    /** A {@code ["[SEP]", 102]} pair. */
    private static TokenId tokenId(JsonValue v) {
        if (v instanceof JsonArray a && a.size() == 2) return new TokenId(a.get(0).asString(), a.get(1).asIndex());
        throw v.mismatch("a [token, id] array");
    }

    private static TemplateProcessing template(JsonObject json) {
        List<Piece> single = pieces(json.get("single"));
        List<Piece> pair = pieces(json.get("pair"));
        Map<String, SpecialToken> special = new HashMap<>();
        JsonObject tokens = json.get("special_tokens").asObject();
        for (Map.Entry<String, JsonValue> e : tokens.fields().entrySet()) {
            JsonObject t = e.getValue().asObject();
            String id = t.string("id");
            List<Integer> ids = new ArrayList<>();
            for (JsonValue v : t.get("ids").asArray().items()) ids.add(v.asIndex());
            List<String> strings = new ArrayList<>();
            for (JsonValue v : t.get("tokens").asArray().items()) strings.add(v.asString());
            if (ids.size() != strings.size()) {
                throw new TokenizerException(t.path() + ": \"ids\" has " + ids.size() + " entries but \"tokens\" has "
                        + strings.size() + "; they must be parallel");
            }
            // The map key, not the inner "id", is what template pieces refer to.
            special.put(e.getKey(), new SpecialToken(id, ids, strings));
        }
        return new TemplateProcessing(single, pair, special);
    }

    /**
     * A template: an array of {@code {"SpecialToken": {"id": "[CLS]", "type_id": 0}}} and
     * {@code {"Sequence": {"id": "A", "type_id": 0}}} objects. (The string form such as
     * {@code "[CLS] $A [SEP]"} is only accepted by the Rust builder API, not in tokenizer.json.)
     */
    private static List<Piece> pieces(JsonValue value) {
        List<Piece> out = new ArrayList<>();
        for (JsonValue v : value.asArray().items()) {
            JsonObject o = v.asObject();
            if (o.fields().size() == 1 && o.has("SpecialToken")) {
                JsonObject p = o.get("SpecialToken").asObject();
                out.add(new SpecialTokenPiece(p.string("id"), p.get("type_id").asIndex()));
            } else if (o.fields().size() == 1 && o.has("Sequence")) {
                JsonObject p = o.get("Sequence").asObject();
                JsonValue id = p.get("id");
                boolean isPair = switch (id.asString()) {
                    case "A" -> false;
                    case "B" -> true;
                    default -> throw new TokenizerException(id.path() + ": expected \"A\" or \"B\", found \"" + id.asString() + "\"");
                };
                out.add(new SequencePiece(isPair, p.get("type_id").asIndex()));
            } else {
                throw new TokenizerException(o.path() + ": expected {\"SpecialToken\": {...}} or {\"Sequence\": {...}}, found fields "
                        + o.fields().keySet());
            }
        }
        return out;
    }
}

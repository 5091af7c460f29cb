package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Reading models from tokenizer.json, as Rust {@code models/mod.rs} and the models'
 * {@code serialization.rs} do (their tests are ported here), errors naming the JSON path.
 */
class ModelsTest {
    private static Model read(String json) {
        return Models.fromJson(JsonReader.parse(json, "test").asObject());
    }

    private static void fails(String json, String... messageParts) {
        var thrown = assertThatThrownBy(() -> read(json)).isInstanceOf(TokenizerException.class);
        for (String part : messageParts) thrown.hasMessageContaining(part);
    }

    @Test
    void wordPiece() {
        Model m = read("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                 "vocab":{"[UNK]":0,"a":1,"##b":2}}""");
        assertThat(m).isInstanceOfSatisfying(WordPiece.class, wp -> {
            assertThat(wp.unkToken()).isEqualTo("[UNK]");
            assertThat(wp.continuingSubwordPrefix()).isEqualTo("##");
            assertThat(wp.maxInputCharsPerWord()).isEqualTo(100);
            assertThat(wp.vocab()).hasSize(3);
        });
        assertThat(m.tokenize("ab")).containsExactly(new Token(1, "a", 0, 1), new Token(2, "##b", 1, 2));
        // Rust's serde test: the default model, with an empty vocabulary, reads back.
        assertThat(read("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}"""))
                .isInstanceOf(WordPiece.class);
    }

    @Test
    void wordPieceTokenWrittenTwiceTakesItsLastId() {
        Model m = read("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                 "vocab":{"[UNK]":0,"a":1,"##b":2,"a":3,"c":2}}""");
        assertThat(m.tokenize("ab")).containsExactly(new Token(3, "a", 0, 1), new Token(2, "##b", 1, 2));
        assertThat(m.tokenToId("a")).isEqualTo(3);
        assertThat(m.vocabSize()).isEqualTo(4);
        // The replaced id names no token; a shared id names the smaller.
        assertThat(m.idToToken(1)).isNull();
        assertThat(m.idToToken(3)).isEqualTo("a");
        assertThat(m.idToToken(2)).isEqualTo("##b");
        assertThat(m).isInstanceOfSatisfying(WordPiece.class, wp -> {
            assertThat(wp.vocab()).containsOnly(entry("[UNK]", 0), entry("a", 3), entry("##b", 2), entry("c", 2));
            assertThat(wp.hasUniqueIds()).isFalse();
        });
    }

    @Test
    void wordPieceErrors() {
        fails("""
                {"type":"WordPiece","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}""",
                "$", "unk_token");
        fails("""
                {"type":"WordPiece","unk_token":null,"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}""",
                "$.unk_token", "a string");
        fails("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":-1,"vocab":{}}""",
                "$.max_input_chars_per_word", "non-negative integer");
        fails("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":"1"}}""",
                "$.vocab.a", "non-negative integer");
        fails("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":0,"b":-1}}""",
                "$.vocab.b", "non-negative integer");
        fails("""
                {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":[]}""",
                "$.vocab", "an object");
    }

    @Test
    void wordLevel() {
        Model m = read("""
                {"type":"WordLevel","vocab":{"<unk>":0,"b":2},"unk_token":"<unk>"}""");
        assertThat(m).isInstanceOf(WordLevel.class);
        assertThat(m.tokenize("b")).containsExactly(new Token(2, "b", 0, 1));
        assertThat(m.idToToken(1)).isNull();
        fails("""
                {"type":"WordLevel","vocab":{}}""", "$", "unk_token");
        fails("""
                {"type":"WordLevel","unk_token":"<unk>"}""", "$", "vocab");
    }

    @Test
    void unigram() {
        Model m = read("""
                {"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["a",-0.5]],"byte_fallback":false}""");
        assertThat(m).isInstanceOfSatisfying(Unigram.class, u -> {
            assertThat(u.unkId()).hasValue(0);
            assertThat(u.byteFallback()).isFalse();
        });
        assertThat(read("""
                {"type":"Unigram","unk_id":1,"vocab":[["a",-0.5],["<unk>",0.0]]}""")).isInstanceOfSatisfying(Unigram.class,
                u -> assertThat(u.unkId()).hasValue(1));
        assertThat(read("""
                {"type":"Unigram","unk_id":null,"vocab":[["a",-0.5]],"byte_fallback":true}""")).isInstanceOfSatisfying(Unigram.class, u -> {
            assertThat(u.unkId()).isEmpty();
            assertThat(u.byteFallback()).isTrue();
        });
        // Integer scores are fine.
        assertThat(read("""
                {"type":"Unigram","vocab":[["a",-1]]}""").tokenize("a")).containsExactly(new Token(0, "a", 0, 1));
    }

    @Test
    void unigramErrors() {
        fails("""
                {"type":"Unigram","unk_id":0}""", "$", "vocab");
        fails("""
                {"type":"Unigram","unk_id":0,"vocab":[]}""", "$.unk_id", "empty");
        fails("""
                {"type":"Unigram","unk_id":2,"vocab":[["<unk>",0.0],["a",-0.5]]}""", "$.unk_id", "below the vocabulary size 2");
        fails("""
                {"type":"Unigram","vocab":[["a",-0.5,1]]}""", "$.vocab[0]", "[piece, score] pair");
        fails("""
                {"type":"Unigram","vocab":[["a","x"]]}""", "$.vocab[0][1]", "a number");
        fails("""
                {"type":"Unigram","vocab":[[1,0.5]]}""", "$.vocab[0][0]", "a string");
        fails("""
                {"type":"Unigram","vocab":[["a",0.5]],"byte_fallback":null}""", "$.byte_fallback", "true or false");
        fails("""
                {"type":"Unigram","vocab":[["a",1e400]]}""", "$.vocab[0][1]", "out of range");
    }

    @Test
    void typeMustNameAModel() {
        fails("""
                {"type":"Foo","vocab":{},"unk_token":"<unk>"}""", "$.type", "Foo", "WordPiece");
        fails("""
                {"type":null,"vocab":{},"unk_token":"<unk>"}""", "$.type", "model type");
        fails("""
                {"type":3,"vocab":{},"unk_token":"<unk>"}""", "$.type", "model type");
    }

    @Test
    void aTypeDecidesAloneEvenIfAnotherModelWouldFit() {
        // With "type", only that reader is asked; WordPiece fields do not rescue a WordLevel tag,
        // and a WordLevel-shaped object tagged WordLevel stays WordLevel.
        assertThat(read("""
                {"type":"WordLevel","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}"""))
                .isInstanceOf(WordLevel.class);
        fails("""
                {"type":"WordPiece","unk_token":"[UNK]","vocab":{}}""", "continuing_subword_prefix");
    }

    @Test
    void withoutTypeTheFirstModelThatReadsWins() {
        // WordPiece comes before WordLevel, whose fields are a subset of its own.
        assertThat(read("""
                {"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"[UNK]":0}}"""))
                .isInstanceOf(WordPiece.class);
        assertThat(read("""
                {"unk_token":"<unk>","vocab":{"<unk>":0}}""")).isInstanceOf(WordLevel.class);
        assertThat(read("""
                {"unk_id":0,"vocab":[["<unk>",0.0]]}""")).isInstanceOf(Unigram.class);
        fails("""
                {"vocab":{"a":0}}""", "$", "no \"type\"", "WordPiece", "WordLevel", "Unigram", "unk_token");
    }
}

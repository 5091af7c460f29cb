package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.pipeline.Token;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code "type": "BPE"} model objects, and the errors for malformed ones. */
class BpeReaderTest {

    static Model model(String modelJson) {
        String doc = "{\"model\": " + modelJson.replace('\'', '"') + "}";
        return Models.fromJson(JsonReader.parse(doc, "test").asObject().get("model").asObject());
    }

    static final String VOCAB = "'vocab': {'<unk>': 0, 'a': 1, 'b': 2, 'ab': 3}";

    @Test
    void legacyAndPairMergesReadAlike() {
        // The serialization test of Rust models/bpe/serialization.rs, both forms.
        String options = "'type': 'BPE', 'dropout': null, 'unk_token': '<unk>', 'continuing_subword_prefix': null,"
                + " 'end_of_word_suffix': null, 'fuse_unk': false, 'byte_fallback': false, 'ignore_merges': true, " + VOCAB;
        Model legacy = model("{" + options + ", 'merges': ['a b']}");
        Model pairs = model("{" + options + ", 'merges': [['a', 'b']]}");
        assertThat(legacy).isInstanceOf(Bpe.class);
        for (Model m : new Model[] {legacy, pairs}) {
            assertThat(m.tokenize("abba")).extracting(Token::value).containsExactly("ab", "b", "a");
            assertThat(m.tokenize("c")).containsExactly(new Token(0, "<unk>", 0, 1));
            assertThat(m.vocabSize()).isEqualTo(4);
            assertThat(((Bpe) m).ignoreMerges()).isTrue();
        }
    }

    @Test
    void pairFormAllowsSpacesInTokens() {
        Model m = model("{'type': 'BPE', 'vocab': {'<unk>': 0, 'a': 1, 'b c d': 2, 'ab c d': 3}, 'merges': [['a', 'b c d']]}");
        assertThat(m.tokenize("a")).extracting(Token::value).containsExactly("a");
        assertThat(((Bpe) m).mergeCount()).isEqualTo(1);
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        Bpe m = (Bpe) model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'fuse_unk': null, 'byte_fallback': null,"
                + " 'ignore_merges': null, 'unk_token': null, 'extra': 1}");
        assertThat(m.fuseUnk()).isFalse();
        assertThat(m.unkToken()).isNull();
        assertThat(m.dropout()).isZero();
        assertThat(((Bpe) model("{'type': 'BPE', 'dropout': 0.25, " + VOCAB + ", 'merges': []}")).dropout()).isEqualTo(0.25f);
    }

    @Test
    void versionLinesAreSkippedAndTakeNoRank() {
        Model m = model("{'type': 'BPE', " + VOCAB + ", 'merges': ['#version: 0.2', 'a b']}");
        assertThat(m.tokenize("ab")).containsExactly(new Token(3, "ab", 0, 2));
        assertThat(((Bpe) m).mergeCount()).isEqualTo(1);
    }

    @Test
    void mergeWithUnknownTokenNamesItsPath() {
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': ['#version: 0.2', 'a b', 'a d']}"))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("$.model.merges[2]: token \"d\" is not in the vocabulary");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [['a', 'b'], ['x', 'a']]}"))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("$.model.merges[1]: token \"x\" is not in the vocabulary");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': ['b a']}"))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("$.model.merges[0]: merged token \"ba\" is not in the vocabulary");
    }

    @Test
    void malformedMergesNameTheirPath() {
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': ['a b', 'ab']}"))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("$.model.merges[1]: expected two tokens separated by one space, found \"ab\"");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': ['a  b']}"))
                .hasMessageStartingWith("$.model.merges[0]: expected two tokens separated by one space");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [['a', 'b'], 'a b']}"))
                .hasMessageStartingWith("$.model.merges[1]: expected a pair of tokens");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [['a', 'b', 'c']]}"))
                .hasMessageStartingWith("$.model.merges[0]: expected a pair of tokens");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [['a', 1]]}"))
                .hasMessageStartingWith("$.model.merges[0]: expected a pair of tokens");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': ['a b', ['a', 'b']]}"))
                .hasMessageStartingWith("$.model.merges[1]: expected a merge string");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [1]}"))
                .hasMessageStartingWith("$.model.merges[0]: expected a merge");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': 'a b'}"))
                .hasMessage("$.model.merges: expected an array, found a string");
    }

    @Test
    void wrongTypesAndMissingFieldsNameTheirPath() {
        assertThatThrownBy(() -> model("{'type': 'BPE', 'merges': []}"))
                .isInstanceOf(TokenizerException.class).hasMessage("$.model: missing field \"vocab\"");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + "}"))
                .hasMessage("$.model: missing field \"merges\"");
        assertThatThrownBy(() -> model("{'type': 'BPE', 'vocab': null, 'merges': []}"))
                .hasMessage("$.model.vocab: expected an object, found null");
        assertThatThrownBy(() -> model("{'type': 'BPE', 'vocab': {'a': 'x'}, 'merges': []}"))
                .hasMessage("$.model.vocab.a: expected a non-negative integer, found a string");
        assertThatThrownBy(() -> model("{'type': 'BPE', 'vocab': {'a': -1}, 'merges': []}"))
                .hasMessage("$.model.vocab.a: expected a non-negative integer, found a number");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'unk_token': 5}"))
                .hasMessage("$.model.unk_token: expected a string, found a number");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'fuse_unk': 'yes'}"))
                .hasMessage("$.model.fuse_unk: expected true or false, found a string");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'dropout': 1.5}"))
                .hasMessage("$.model.dropout: expected a dropout between 0 and 1, found 1.5");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'dropout': 'x'}"))
                .hasMessage("$.model.dropout: expected a number, found a string");
        assertThatThrownBy(() -> model("{'type': 'BPE', " + VOCAB + ", 'merges': [], 'continuing_subword_prefix': []}"))
                .hasMessage("$.model.continuing_subword_prefix: expected a string, found an array");
    }

    @Test
    void unkTokenOutsideTheVocabularyLoadsAsInRust() {
        Model m = model("{'type': 'BPE', 'vocab': {'a': 0}, 'merges': [], 'unk_token': '<unk>'}");
        assertThat(m.tokenize("a")).containsExactly(new Token(0, "a", 0, 1));
        assertThatThrownBy(() -> m.tokenize("b")).isInstanceOf(TokenizerException.class)
                .hasMessage("$.model: unk_token \"<unk>\" is not in the vocabulary, but is needed for the unknown character U+0062");
    }
}

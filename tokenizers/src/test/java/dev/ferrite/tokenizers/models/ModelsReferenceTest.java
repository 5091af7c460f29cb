package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which model JSON the Rust library accepts, and as what, against Models.fromJson. */
class ModelsReferenceTest {
    private static final List<String> WORDS = List.of("ab", "abc", "b", "x", "a😀", "😀");

    @TempDir
    Path temp;

    private void same(String json, Class<? extends Model> type) {
        Model model = ReferenceModels.ferrite(json);
        assertThat(model).isInstanceOf(type);
        try (HuggingFaceTokenizer rust = ReferenceModels.rust(json, temp)) {
            ReferenceModels.compare(model, rust, WORDS);
        }
    }

    private void bothRefuse(String json) {
        assertThatThrownBy(() -> ReferenceModels.rust(json, temp).close()).as("Rust refuses " + json).isNotNull();
        assertThatThrownBy(() -> ReferenceModels.ferrite(json)).isInstanceOf(TokenizerException.class);
    }

    @Test
    void untaggedModels() {
        same("""
                {"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                 "vocab":{"[UNK]":0,"a":1,"##b":2,"ab":3,"##c":4}}""", WordPiece.class);
        same("""
                {"unk_token":"[UNK]","vocab":{"[UNK]":0,"a":1,"ab":3,"b":4}}""", WordLevel.class);
        same("""
                {"unk_id":0,"vocab":[["<unk>",0],["a",-1],["b",-1],["ab",-1.5]]}""", Unigram.class);
        same("""
                {"vocab":[["a",-1],["b",-1],["ab",-1.5],["c",-2],["x",-3],["😀",-1]]}""", Unigram.class);
    }

    @Test
    void taggedModelsIgnoreOtherModelsFields() {
        same("""
                {"type":"WordLevel","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                 "vocab":{"[UNK]":0,"a":1,"ab":3}}""", WordLevel.class);
        same("""
                {"type":"Unigram","unk_id":null,"byte_fallback":true,"vocab":[["a",-1],["b",-1],["<0xF0>",-5],["<0x9F>",-5],["<0x98>",-5],["<0x80>",-5],["x",0]],"merges":[]}""",
                Unigram.class);
    }

    @Test
    void refusedByBoth() {
        bothRefuse("""
                {"type":"Foo","unk_token":"[UNK]","vocab":{"[UNK]":0}}""");
        bothRefuse("""
                {"type":null,"unk_token":"[UNK]","vocab":{"[UNK]":0}}""");
        bothRefuse("""
                {"type":"WordPiece","unk_token":"[UNK]","vocab":{"[UNK]":0}}""");
        bothRefuse("""
                {"type":"WordPiece","unk_token":null,"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}""");
        bothRefuse("""
                {"type":"WordLevel","unk_token":"[UNK]","vocab":{"[UNK]":-1}}""");
        bothRefuse("""
                {"type":"Unigram","unk_id":0,"vocab":[]}""");
        bothRefuse("""
                {"type":"Unigram","unk_id":2,"vocab":[["<unk>",0],["a",-1]]}""");
        bothRefuse("""
                {"type":"Unigram","vocab":[["a",-1,0]]}""");
        bothRefuse("""
                {"type":"Unigram","vocab":[["a",-1]],"byte_fallback":null}""");
        bothRefuse("""
                {"type":"Unigram","vocab":[["a",1e400]]}""");
        bothRefuse("""
                {"unk_token":"[UNK]"}""");
    }
}

package dev.ferrite.tokenizers.decoders;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading decoders from tokenizer.json, with the fields of the Rust library's serde definitions. */
class DecodersTest {
    private static Decoder read(String json) {
        return Decoders.fromJson(JsonReader.parse(json.replace('\'', '"'), "test").asObject());
    }

    private static void fails(String json, String... messageParts) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(TokenizerException.class).hasMessageContainingAll(messageParts);
    }

    @Test
    void everyType() {
        assertThat(read("{'type':'BPEDecoder','suffix':'</w>'}")).isEqualTo(new BPEDecoder("</w>"));
        assertThat(read("{'type':'ByteLevel','add_prefix_space':true,'trim_offsets':true,'use_regex':true}")).isEqualTo(new ByteLevel());
        assertThat(read("{'type':'WordPiece','prefix':'##','cleanup':true}")).isEqualTo(new WordPiece("##", true));
        assertThat(read("{'type':'CTC','pad_token':'<pad>','word_delimiter_token':'|','cleanup':false}"))
                .isEqualTo(new CTC("<pad>", "|", false));
        assertThat(read("{'type':'Fuse'}")).isEqualTo(new Fuse());
        assertThat(read("{'type':'ByteFallback'}")).isEqualTo(new ByteFallback());
        assertThat(read("{'type':'Strip','content':' ','start':1,'stop':0}")).isEqualTo(new Strip(' ', 1, 0));
        assertThat(read("{'type':'Replace','pattern':{'String':'▁'},'content':' '}")).isEqualTo(Replace.ofLiteral("▁", " "));
        assertThat(read("{'type':'Replace','pattern':{'Regex':'\\\\s+'},'content':' '}").decode(List.of("a  b"))).isEqualTo("a b");
        assertThat(read("{'type':'Sequence','decoders':[{'type':'ByteFallback'},{'type':'Fuse'}]}"))
                .isEqualTo(new Sequence(List.of(new ByteFallback(), new Fuse())));
    }

    @Test
    void metaspaceOptionsAndLegacyFields() {
        Metaspace always = new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true);
        assertThat(read("{'type':'Metaspace','replacement':'▁'}")).isEqualTo(always);
        assertThat(read("{'type':'Metaspace','replacement':'▁','add_prefix_space':true}")).isEqualTo(always);
        assertThat(read("{'type':'Metaspace','str_rep':'▁','replacement':'▁','add_prefix_space':true,'prepend_scheme':'always'}"))
                .isEqualTo(always);
        assertThat(read("{'type':'Metaspace','replacement':'_','prepend_scheme':'first','split':false}"))
                .isEqualTo(new Metaspace('_', Metaspace.PrependScheme.FIRST, false));
        assertThat(read("{'type':'Metaspace','replacement':'▁','add_prefix_space':false,'prepend_scheme':'never'}"))
                .isEqualTo(new Metaspace('▁', Metaspace.PrependScheme.NEVER, true));
        // As in Rust: add_prefix_space false contradicts the default prepend_scheme "always".
        fails("{'type':'Metaspace','replacement':'_','add_prefix_space':false,'prepend_scheme':'always'}", "$.add_prefix_space");
        fails("{'type':'Metaspace','replacement':'_','add_prefix_space':false}", "$.add_prefix_space");
        fails("{'type':'Metaspace','replacement':'_','prepend_scheme':'sometimes'}", "$.prepend_scheme");
    }

    @Test
    void errorsNameThePath() {
        fails("{'type':'Nope'}", "$.type", "Nope", "ByteFallback");
        fails("{'suffix':'</w>'}", "$", "type");
        fails("{'type':'BPEDecoder'}", "$", "suffix");
        fails("{'type':'ByteLevel','add_prefix_space':true}", "$", "trim_offsets");
        fails("{'type':'WordPiece','prefix':'##','cleanup':'yes'}", "$.cleanup");
        fails("{'type':'Strip','content':'ab','start':1,'stop':0}", "$.content", "one character");
        fails("{'type':'Strip','content':' ','start':-1,'stop':0}", "$.start");
        fails("{'type':'Metaspace','replacement':''}", "$.replacement");
        fails("{'type':'Replace','pattern':{'Regex':'('},'content':' '}", "$.pattern.Regex", "regular expression");
        fails("{'type':'Replace','pattern':{'Glob':'*'},'content':' '}", "$.pattern", "String");
        fails("{'type':'Replace','pattern':'x','content':' '}", "$.pattern");
        fails("{'type':'Sequence','decoders':[{'type':'Fuse'},{}]}", "$.decoders[1]", "type");
        fails("{'type':'Sequence'}", "$", "decoders");
    }
}

package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.json.JsonReader;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SequencePiece;
import dev.ferrite.tokenizers.processors.TemplateProcessing.SpecialTokenPiece;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading post-processors from tokenizer.json, with the fields and quirks of the Rust library's serde definitions. */
class PostProcessorsTest {
    private static PostProcessor read(String json) {
        return PostProcessors.fromJson(JsonReader.parse(json.replace('\'', '"'), "test").asObject());
    }

    private static void fails(String json, String... messageParts) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(TokenizerException.class).hasMessageContainingAll(messageParts);
    }

    @Test
    void bertAndRoberta() {
        assertThat(read("{'type':'BertProcessing','sep':['[SEP]',102],'cls':['[CLS]',101]}"))
                .isEqualTo(new BertProcessing("[SEP]", 102, "[CLS]", 101));
        assertThat(read("{'type':'RobertaProcessing','sep':['</s>',2],'cls':['<s>',0],'trim_offsets':true,'add_prefix_space':false}"))
                .isEqualTo(new RobertaProcessing("</s>", 2, "<s>", 0, true, false));
    }

    @Test
    void bertAndRobertaAreRecognisedByTheirFieldsAsInRust() {
        // Checked against the Rust library: it does not look at "type" for these two.
        assertThat(read("{'type':'RobertaProcessing','sep':['</s>',2],'cls':['<s>',0]}"))
                .isEqualTo(new BertProcessing("</s>", 2, "<s>", 0));
        assertThat(read("{'type':'BertProcessing','sep':['[SEP]',4],'cls':['[CLS]',3],'trim_offsets':true,'add_prefix_space':false}"))
                .isEqualTo(new RobertaProcessing("[SEP]", 4, "[CLS]", 3, true, false));
    }

    @Test
    void byteLevelAndSequence() {
        assertThat(read("{'type':'ByteLevel','add_prefix_space':true,'trim_offsets':false}"))
                .isEqualTo(new ByteLevel(true, false, true));
        assertThat(read("{'type':'Sequence','processors':[{'type':'ByteLevel','add_prefix_space':false,'trim_offsets':true,'use_regex':false}]}"))
                .isEqualTo(new Sequence(List.of(new ByteLevel(false, true, false))));
    }

    @Test
    void template() {
        PostProcessor p = read("""
                {'type':'TemplateProcessing',
                 'single':[{'SpecialToken':{'id':'[CLS]','type_id':0}},{'Sequence':{'id':'A','type_id':0}}],
                 'pair':[{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'[2FR]','type_id':1}},{'Sequence':{'id':'B','type_id':1}}],
                 'special_tokens':{'[CLS]':{'id':'[CLS]','ids':[101],'tokens':['[CLS]']},
                                   '[2FR]':{'id':'whatever','ids':[1,2,3],'tokens':['convert','to','FR']}}}""");
        TemplateProcessing t = (TemplateProcessing) p;
        assertThat(t.single()).containsExactly(new SpecialTokenPiece("[CLS]", 0), new SequencePiece(false, 0));
        assertThat(t.pair()).containsExactly(new SequencePiece(false, 0), new SpecialTokenPiece("[2FR]", 1), new SequencePiece(true, 1));
        assertThat(t.addedTokens(false)).isEqualTo(1);
        assertThat(t.addedTokens(true)).isEqualTo(3);
    }

    @Test
    void errorsNameThePath() {
        fails("{'type':'Foo'}", "$.type", "Foo", "TemplateProcessing");
        fails("{'sep':['[SEP]',102],'cls':['[CLS]',101]}", "$", "type");
        fails("{'type':'BertProcessing','sep':['[SEP]'],'cls':['[CLS]',101]}", "$.sep", "[token, id]");
        fails("{'type':'BertProcessing','sep':['[SEP]',-1],'cls':['[CLS]',101]}", "$.sep[1]");
        fails("{'type':'ByteLevel','add_prefix_space':true}", "$", "trim_offsets");
        fails("{'type':'Sequence','processors':[{'type':'ByteLevel','add_prefix_space':1,'trim_offsets':true}]}",
                "$.processors[0].add_prefix_space");
        fails("{'type':'TemplateProcessing','single':[],'pair':[{'Sequence':{'id':'C','type_id':0}}],'special_tokens':{}}",
                "$.pair[0].Sequence.id", "\"C\"");
        fails("{'type':'TemplateProcessing','single':[{'Foo':{}}],'pair':[],'special_tokens':{}}", "$.single[0]", "Foo");
        fails("{'type':'TemplateProcessing','single':'[CLS] $A','pair':[],'special_tokens':{}}", "$.single", "array");
        fails("{'type':'TemplateProcessing','single':[],'pair':[],'special_tokens':{'x':{'id':'x','ids':[1,2],'tokens':['a']}}}",
                "$.special_tokens.x", "parallel");
        fails("{'type':'TemplateProcessing','single':[],'pair':[]}", "$", "special_tokens");
    }
}

package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFlagsTest {

    @Test
    void masksAndSourceShareOneByte() {
        byte special = TokenFlags.of(1, 0);
        assertThat(TokenFlags.special(special)).isEqualTo(1);
        assertThat(TokenFlags.attention(special)).isZero();
        assertThat(TokenFlags.source(special)).isEqualTo(-1);
        byte fromPair = (byte) (TokenFlags.of(0, 1) & TokenFlags.MASKS | TokenFlags.sourceBits(1));
        assertThat(TokenFlags.special(fromPair)).isZero();
        assertThat(TokenFlags.attention(fromPair)).isEqualTo(1);
        assertThat(TokenFlags.source(fromPair)).isEqualTo(1);
        byte[] flags = {special, fromPair, TokenFlags.of(1, 1)};
        assertThat(TokenFlags.specialMasks(flags, 2)).containsExactly(1, 0);
        assertThat(TokenFlags.attentionMasks(flags, 3)).containsExactly(0, 1, 1);
        assertThat(TokenFlags.sources(flags, 3)).containsExactly(-1, 1, -1);
    }

    @Test
    void rejectsMasksAndSourcesOutOfRange() {
        assertThatThrownBy(() -> TokenFlags.of(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFlags.of(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFlags.sourceBits(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFlags.sourceBits(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}

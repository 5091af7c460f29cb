package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/byte_level.rs; its byte offsets converted to UTF-16 where they differ. */
class ByteLevelTest {
    private static final String TEXT = "Hello my friend, how is your day going?";

    @Test
    void preTokenization() {
        assertThat(Splits.original(new ByteLevel(false, true, true), TEXT)).containsExactly(
                s("Hello", 0, 5), s("Ġmy", 5, 8), s("Ġfriend", 8, 15), s(",", 15, 16), s("Ġhow", 16, 20), s("Ġis", 20, 23),
                s("Ġyour", 23, 28), s("Ġday", 28, 32), s("Ġgoing", 32, 38), s("?", 38, 39));
    }

    @Test
    void noRegex() {
        assertThat(Splits.original(new ByteLevel(true, true, false), TEXT))
                .containsExactly(s("ĠHelloĠmyĠfriend,ĠhowĠisĠyourĠdayĠgoing?", 0, 39));
    }

    @Test
    void addPrefixSpace() {
        for (String in : new String[] {" " + TEXT, TEXT}) {
            // Rust (bytes, 'Ġ' is 2): (0,7) (7,11) (11,19) (19,20) (20,25) (25,29) (29,35) (35,40) (40,47) (47,48)
            assertThat(Splits.normalized(new ByteLevel(true, true, true), in)).containsExactly(
                    s("ĠHello", 0, 6), s("Ġmy", 6, 9), s("Ġfriend", 9, 16), s(",", 16, 17), s("Ġhow", 17, 21), s("Ġis", 21, 24),
                    s("Ġyour", 24, 29), s("Ġday", 29, 33), s("Ġgoing", 33, 39), s("?", 39, 40));
        }
    }

    @Test
    void separatedCharactersDecodeBackToTheInput() {
        String[] samples = {"A Nuskhuri abbreviation of იესუ ქრისტე ( iesu kriste ) \" Jesus Christ \"",
                "An equal number have descenders , like p or q in English : გ , დ , ე , ვ , კ , ლ , ჟ , ტ , უ , ფ , ღ , ყ , ც",
                "emoji \uD83D\uDE00 and é"};
        for (String sample : samples) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (PreTokenizedString.Split sp : Splits.run(new ByteLevel(false, true, true), sample).splits()) {
                sp.normalized().get().chars().forEach(c -> bytes.write(ByteLevel.charToByte(c)));
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(sample);
        }
    }

    @Test
    void newlines() {
        assertThat(Splits.original(new ByteLevel(false, true, true), "Hello there\nHello there")).containsExactly(
                s("Hello", 0, 5), s("Ġthere", 5, 11), s("Ċ", 11, 12), s("Hello", 12, 17), s("Ġthere", 17, 23));
    }

    @Test
    void multipleWhitespaces() {
        assertThat(Splits.original(new ByteLevel(false, true, true), "Hello there       dear")).containsExactly(
                s("Hello", 0, 5), s("Ġthere", 5, 11), s("ĠĠĠĠĠĠ", 11, 17), s("Ġdear", 17, 22));
    }

    @Test
    void offsetsWhenACharacterIsSplitIntoBytes() {
        PreTokenizedString p = Splits.run(new ByteLevel(false, true, true), "i⭢j");
        // Rust, bytes: original (0,1) (1,4) (4,5); normalized (0,1) (1,7) (7,8)
        assertThat(Splits.original(p)).containsExactly(s("i", 0, 1), s("âŃ¢", 1, 2), s("j", 2, 3));
        assertThat(Splits.normalized(p)).containsExactly(s("i", 0, 1), s("âŃ¢", 1, 4), s("j", 4, 5));
    }

    @Test
    void alphabet() {
        assertThat(ByteLevel.byteToChar(' ')).isEqualTo('Ġ');
        assertThat(ByteLevel.byteToChar('\n')).isEqualTo('Ċ');
        assertThat(ByteLevel.byteToChar('A')).isEqualTo('A');
        assertThat(ByteLevel.byteToChar(0xAD)).isEqualTo('\u0143');
        for (int b = 0; b < 256; b++) assertThat(ByteLevel.charToByte(ByteLevel.byteToChar(b))).isEqualTo(b);
        assertThat(ByteLevel.charToByte(0x4E00)).isEqualTo(-1);
    }

    @Test
    void jsonUseRegexDefaultsToTrue() {
        assertThat(Splits.parse("{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false}"))
                .isEqualTo(new ByteLevel(true, false, true));
        assertThat(Splits.parse("{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false,\"use_regex\":false}"))
                .isEqualTo(new ByteLevel(true, false, false));
    }
}

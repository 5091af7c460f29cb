package dev.ferrite.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ferrite.tokenizers.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One tokenizer implementation in the side-by-side run. {@link #encode} is one call of the
 * library's ordinary single-text encode, whose whole result is built (ids, tokens, offsets...
 * as the library returns them); it returns the number of ids, which also keeps the JIT from
 * dropping the work.
 */
sealed interface Contender extends AutoCloseable {
    String name();

    int encode(String line);

    @Override
    default void close() {
    }

    /**
     * Ferrite, with tokenizer.json's truncation and padding switched off (the Rust contender is set
     * up the same way, so both do the same work on long lines).
     */
    record Ferrite(Tokenizer tokenizer) implements Contender {
        static Ferrite load(Path tokenizerJson) {
            return new Ferrite(Tokenizer.fromFile(tokenizerJson).withTruncation(null).withPadding(null));
        }

        @Override
        public String name() {
            return "Ferrite";
        }

        @Override
        public int encode(String line) {
            return tokenizer.encode(line).length();
        }
    }

    /**
     * The Rust tokenizers library through DJL's JNI binding, special tokens added, no truncation or
     * padding (DJL would otherwise truncate to 512 tokens by default).
     */
    record Rust(HuggingFaceTokenizer tokenizer) implements Contender {
        static Rust load(Path tokenizerJson) {
            try {
                return new Rust(HuggingFaceTokenizer.newInstance(tokenizerJson,
                        Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String name() {
            return "Rust";
        }

        @Override
        public int encode(String line) {
            return tokenizer.encode(line).getIds().length;
        }

        @Override
        public void close() {
            tokenizer.close();
        }
    }

    /**
     * jtokkit's o200k_base, the encoding gpt4o's tokenizer.json describes. {@code encodeOrdinary}:
     * special-token text is encoded as ordinary text (jtokkit's {@code encode} throws on it).
     */
    record Jtokkit(com.knuddels.jtokkit.api.Encoding encoding) implements Contender {
        static Jtokkit load() {
            return new Jtokkit(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
        }

        @Override
        public String name() {
            return "jtokkit";
        }

        @Override
        public int encode(String line) {
            return encoding.encodeOrdinary(line).size();
        }
    }
}

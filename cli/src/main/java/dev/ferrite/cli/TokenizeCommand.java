package dev.ferrite.cli;

import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.OffsetUnit;
import dev.ferrite.tokenizers.Tokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ferrite tokenize}: encodes each input line and prints it as one JSON object per line, or,
 * with {@code --decode}, reads one JSON id array per line and prints the text as one JSON string.
 * The tokenizer is used as its tokenizer.json configures it (truncation and padding included), as
 * {@code Tokenizer.from_file(...).encode(line)} does in Python, unless {@code --no-truncation} or
 * {@code --no-padding} switch those off.
 */
@Command(name = "tokenize", sortOptions = false,
        header = "Encode text to tokens (JSON lines), or decode ids back to text.",
        description = {
            "Encodes each line of the input with a tokenizer.json and prints one JSON",
            "object per line: ids, tokens, offsets ([start, end] per token), offsets_unit,",
            "type_ids, word_ids (null for tokens of no word), special_tokens_mask and",
            "attention_mask. The tokenizer works as its file configures it, truncation",
            "and padding included (as Tokenizer.from_file(...).encode(line) in Python),",
            "unless --no-truncation or --no-padding say otherwise.",
            "Lines end at \\n only: a \\r stays part of the line. The input must be UTF-8;",
            "a line that is not is an error naming the line.",
            "With --decode, reads one JSON array of token ids per line instead and prints",
            "the text as one JSON string per line.",
            ""},
        footer = {"",
            "Examples:",
            "  echo 'Hello world!' | ferrite tokenize --tokenizer tokenizer.json",
            "  echo '[101, 7592, 102]' | ferrite tokenize --decode --tokenizer tokenizer.json"})
final class TokenizeCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "PATH",
            description = "The tokenizer.json to use (or a model directory that holds one).")
    Path tokenizer;

    @Option(names = "--input", paramLabel = "FILE", description = "Read lines from FILE instead of standard input.")
    Path input;

    @Option(names = "--offsets", paramLabel = "UNIT", converter = OffsetUnits.Converter.class,
            description = "Unit of the offsets: utf16 (the default: the Java API's unit, indices "
                    + "into a Java String), codepoints (the offsets exactly as the Rust library reports them "
                    + "to Python) or bytes (UTF-8).")
    OffsetUnit offsets;

    @Option(names = "--no-special-tokens",
            description = "Encode without the special tokens the post-processor adds ([CLS], <s>, ...).")
    boolean noSpecialTokens;

    @Option(names = "--no-truncation", description = "Ignore the truncation that tokenizer.json configures.")
    boolean noTruncation;

    @Option(names = "--no-padding", description = "Ignore the padding that tokenizer.json configures.")
    boolean noPadding;

    @Option(names = "--decode", description = "Decode id arrays back to text instead of encoding text.")
    boolean decode;

    @Option(names = "--keep-special-tokens",
            description = "With --decode: keep special tokens in the text (by default they are left out).")
    boolean keepSpecialTokens;

    TokenizeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        checkOptions();
        try (JsonLines out = new JsonLines(io.out());
             LineReader lines = Inputs.lines(input, io.in(), out::flush)) {
            Tokenizer tok = Inputs.tokenizer(tokenizer); // after opening the input: a missing file fails fast
            if (noTruncation) tok = tok.withTruncation(null);
            if (noPadding) tok = tok.withPadding(null);
            if (decode) decodeAll(tok, lines, out);
            else encodeAll(tok, lines, out);
        }
        return 0;
    }

    private void checkOptions() {
        if (decode && noSpecialTokens) fail("--no-special-tokens applies to encoding; with --decode use --keep-special-tokens");
        if (decode && offsets != null) fail("--offsets applies to encoding, not to --decode");
        if (decode && (noTruncation || noPadding)) fail("--no-truncation and --no-padding apply to encoding, not to --decode");
        if (!decode && keepSpecialTokens) fail("--keep-special-tokens applies to --decode only");
    }

    /** An id outside the vocabulary is an error here, whatever the decoder would make of it (Rust skips it). */
    private static void checkKnown(Tokenizer tok, int[] ids) {
        for (int id : ids) {
            if (tok.idToToken(id) == null) {
                throw new IllegalArgumentException("id " + id + " is not in the tokenizer's vocabulary ("
                        + tok.vocabSize(true) + " tokens, added tokens included)");
            }
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    private void encodeAll(Tokenizer tok, LineReader lines, JsonLines out) {
        OffsetUnit unit = offsets == null ? OffsetUnit.UTF16 : offsets;
        boolean addSpecialTokens = !noSpecialTokens;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Encoding e;
            try {
                e = tok.encode(line, addSpecialTokens);
            } catch (TokenizerException x) {
                throw new CliException(lines.where() + ": " + x.getMessage(), x);
            } catch (RuntimeException x) {
                throw new IllegalStateException(lines.where() + ": " + x, x); // a bug: say which input shows it
            }
            out.encoding(e, unit);
        }
    }

    private void decodeAll(Tokenizer tok, LineReader lines, JsonLines out) {
        boolean skipSpecialTokens = !keepSpecialTokens;
        for (String line = lines.next(); line != null; line = lines.next()) {
            String text;
            try {
                int[] ids = IdArrays.parse(line);
                checkKnown(tok, ids);
                text = tok.decode(ids, skipSpecialTokens);
            } catch (IllegalArgumentException | TokenizerException x) {
                throw new CliException(lines.where() + ": " + x.getMessage(), x);
            }
            out.string(text);
        }
    }
}

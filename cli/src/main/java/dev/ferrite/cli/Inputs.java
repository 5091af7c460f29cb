package dev.ferrite.cli;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.tokenizers.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens what commands read, turning the usual mistakes into one clear {@link CliException} line. */
final class Inputs {
    private Inputs() {
    }

    /**
     * Loads {@code path}, a tokenizer.json or a directory holding one (a model directory).
     * A malformed file throws {@link dev.ferrite.tokenizers.TokenizerException}, whose message names
     * the file, the JSON path and what was expected.
     */
    static Tokenizer tokenizer(Path path) {
        Path file = path;
        if (Files.isDirectory(path)) {
            file = path.resolve("tokenizer.json");
            if (!Files.exists(file)) throw new CliException("no tokenizer.json in directory " + path);
        }
        if (!Files.exists(file)) throw new CliException("tokenizer file not found: " + path);
        if (!Files.isReadable(file)) throw new CliException("cannot read tokenizer file " + file + ": permission denied");
        return Tokenizer.fromFile(file);
    }

    /** Loads the embedding model at {@code path} (directory, .onnx or jar); a bad model is a ModelException naming it. */
    static EmbeddingModel model(Path path, EmbeddingOptions options) {
        if (!Files.exists(path)) throw new CliException("model not found: " + path);
        return EmbeddingModel.load(path, options);
    }

    /** Lines of {@code file}, or of {@code stdin} when {@code file} is null. */
    static LineReader lines(Path file, InputStream stdin, Runnable beforeBlocking) {
        if (file == null) return new LineReader(stdin, "stdin", beforeBlocking, false);
        if (Files.isDirectory(file)) throw new CliException("input is a directory, not a file: " + file);
        try {
            return new LineReader(Files.newInputStream(file), file.toString(), beforeBlocking, true);
        } catch (NoSuchFileException e) {
            throw new CliException("input file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read input file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
    }
}

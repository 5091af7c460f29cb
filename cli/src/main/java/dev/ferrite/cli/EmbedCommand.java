package dev.ferrite.cli;

import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import dev.ferrite.runtime.embed.Pooling;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ferrite embed}: one embedding per input line, as JSON lines or raw float32. Lines are
 * embedded {@code --batch} at a time; each line is run on its own (unpadded), so a line's vector
 * never depends on its neighbours.
 */
@Command(name = "embed", sortOptions = false,
        header = "Embed text: one vector per input line.",
        description = {
            "Embeds each line of the input with a sentence-embedding model and prints one",
            "JSON object per line, {\"embedding\":[...]}, normalized to unit length unless",
            "--no-normalize. With --format f32 it writes the vectors instead as raw",
            "little-endian float32, one after another, nothing between them.",
            "The model is a Hugging Face style directory (tokenizer.json, model.onnx or",
            "onnx/model.onnx, 1_Pooling/config.json if any), an .onnx file with its",
            "tokenizer.json beside it, or a jar that bundles both. Without --model:",
            "all-MiniLM-L6-v2 (384 dimensions), bundled with Ferrite.",
            "Lines end at \\n only and must be UTF-8; an empty line embeds as [CLS] [SEP].",
            ""},
        footer = {"",
            "Examples:",
            "  echo 'Hello world!' | ferrite embed",
            "  ferrite embed --model bge-small-en-v1.5/ --pooling cls --input lines.txt"})
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR|ONNX|JAR",
            description = "The model: a directory, an .onnx file or a jar (default: the bundled all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--pooling", paramLabel = "MODE", converter = PoolingConverter.class,
            description = "mean, cls or last: how token states become one vector (default: what the model's "
                    + "1_Pooling/config.json says, else mean).")
    Pooling pooling;

    @Option(names = "--no-normalize", description = "Leave the vectors as pooled, not scaled to unit length.")
    boolean noNormalize;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Embed at most N tokens of a line, special tokens included; the rest is cut "
                    + "(default: the model's limit).")
    Integer maxLength;

    @Option(names = "--input", paramLabel = "FILE", description = "Read lines from FILE instead of standard input.")
    Path input;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Lines embedded per step (default: ${DEFAULT-VALUE}); output is written after each step.")
    int batch;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", converter = FormatConverter.class,
            description = "jsonl (default): {\"embedding\":[...]} per line; f32: raw little-endian float32 "
                    + "(not to a terminal).")
    Format format;

    enum Format { JSONL, F32 }

    EmbedCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (batch < 1) throw new ParameterException(spec.commandLine(), "--batch must be at least 1, not " + batch);
        if (maxLength != null && maxLength < 1) {
            throw new ParameterException(spec.commandLine(), "--max-length must be at least 1, not " + maxLength);
        }
        if (format == Format.F32 && io.outIsTerminal()) {
            throw new ParameterException(spec.commandLine(), "--format f32 writes raw binary floats, which a terminal "
                    + "cannot show: send standard output to a file or a pipe");
        }
        EmbeddingOptions options = EmbeddingOptions.defaults().withPooling(pooling).withNormalize(!noNormalize)
                .withMaxLength(maxLength == null ? 0 : maxLength);
        try (Sink out = format == Format.F32 ? new F32Sink(io.out()) : new JsonSink(new JsonLines(io.out()));
             LineReader lines = Inputs.lines(input, io.in(), out::flush)) {
            // After opening the input, so a missing input file fails before the model is read.
            EmbeddingModel embedder = model == null ? EmbeddingModel.loadDefault(options) : Inputs.model(model, options);
            Progress progress = Progress.start(io, input);
            List<String> pending = new ArrayList<>();
            long done = 0;
            for (String line = lines.next(); ; line = lines.next()) {
                if (line != null) pending.add(line);
                if (pending.size() == batch || line == null && !pending.isEmpty()) {
                    for (float[] v : embedder.embed(pending)) out.write(v);
                    done += pending.size();
                    pending.clear();
                    out.flush();
                    progress.update(done);
                }
                if (line == null) break;
            }
            progress.finish(done);
        }
        return 0;
    }

    /** Where vectors go. */
    private sealed interface Sink extends AutoCloseable permits JsonSink, F32Sink {
        void write(float[] v);

        void flush();

        @Override
        void close();
    }

    private record JsonSink(JsonLines json) implements Sink {
        public void write(float[] v) {
            json.embedding(v);
        }

        public void flush() {
            json.flush();
        }

        public void close() {
            json.close();
        }
    }

    private static final class F32Sink implements Sink {
        private final OutputStream out;
        private ByteBuffer buffer = ByteBuffer.allocate(0);

        F32Sink(OutputStream out) {
            this.out = new BufferedOutputStream(out, 1 << 16);
        }

        public void write(float[] v) {
            if (buffer.capacity() < v.length * 4) buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.clear();
            buffer.asFloatBuffer().put(v);
            try {
                out.write(buffer.array(), 0, v.length * 4);
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        }

        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new OutputClosedException(e);
            }
        }

        public void close() {
            flush();
        }
    }

    static final class PoolingConverter implements ITypeConverter<Pooling> {
        @Override
        public Pooling convert(String value) {
            try {
                return Pooling.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected mean, cls or last, got '" + value + "'");
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "jsonl" -> Format.JSONL;
                case "f32" -> Format.F32;
                default -> throw new TypeConversionException("expected jsonl or f32, got '" + value + "'");
            };
        }
    }
}

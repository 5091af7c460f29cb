package dev.ferrite.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The seven embedding models the runtime targets, as bundled in their Maven jars (test-scope
 * dependencies with every transitive dependency excluded): each jar holds {@code <file>.onnx} and
 * {@code <file>-tokenizer.json} at its root, read here as classpath resources.
 */
public enum TestModels {
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2", "fp32"),
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", "int8"),
    BGE_SMALL_EN_V15("bge-small-en-v15", "bge-small-en-v1.5", "fp32"),
    BGE_SMALL_EN_V15_Q("bge-small-en-v15-q", "bge-small-en-v1.5-q", "int8"),
    BGE_SMALL_ZH_V15("bge-small-zh-v15", "bge-small-zh-v1.5", "fp32"),
    E5_SMALL_V2("e5-small-v2", "e5-small-v2", "fp32"),
    E5_SMALL_V2_Q("e5-small-v2-q", "e5-small-v2-q", "int8");

    /** Suffix of the artifact id {@code langchain4j-embeddings-<artifact>}. */
    public final String artifact;
    /** Base name of the files inside the jar. */
    public final String file;
    public final String precision;

    TestModels(String artifact, String file, String precision) {
        this.artifact = artifact;
        this.file = file;
        this.precision = precision;
    }

    public String onnxName() {
        return file + ".onnx";
    }

    /** The whole model.onnx; fails, naming the missing artifact, if the jar is not on the classpath. */
    public byte[] onnxBytes() {
        return resource(onnxName());
    }

    public ByteBuffer onnx() {
        return ByteBuffer.wrap(onnxBytes());
    }

    public byte[] tokenizerJson() {
        return resource(file + "-tokenizer.json");
    }

    private byte[] resource(String name) {
        try (InputStream in = TestModels.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("model file '" + name + "' is not on the test classpath: the test dependency "
                        + "dev.langchain4j:langchain4j-embeddings-" + artifact + " is missing from runtime/pom.xml");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}

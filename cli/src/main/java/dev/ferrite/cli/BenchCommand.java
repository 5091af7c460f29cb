package dev.ferrite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ferrite bench}: groups the speed measurements, {@code tokenize} and {@code embed}. */
@Command(name = "bench", header = "Measure Ferrite's speed.",
        description = {
            "Measures Ferrite's speed on your own files. The side-by-side runs against",
            "the Rust tokenizers library and jtokkit (bench/compare-tokenizers) and",
            "against ONNX Runtime (bench/compare-embed) are in the source tree (see",
            "docs/benchmarks.md).",
            ""},
        commandListHeading = "%nCommands:%n")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: tokenize or embed");
    }
}

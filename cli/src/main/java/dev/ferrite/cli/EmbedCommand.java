package dev.ferrite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferrite embed}: not there yet; it says so and fails, whatever the arguments. */
@Command(name = "embed", header = "Embed text (not yet available).",
        description = "Embed text with a transformer model. Not yet available: it needs the model runtime, "
                + "which has not landed yet.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        throw new CliException("not yet available: embedding needs the model runtime, which has not landed yet");
    }
}

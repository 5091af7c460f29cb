package dev.ferrite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferrite serve}: not there yet; it says so and fails, whatever the arguments. */
@Command(name = "serve", header = "Serve embeddings over HTTP (not yet available).",
        description = "Serve embeddings over HTTP. Not yet available: it needs the model runtime and the server, "
                + "which have not landed yet.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        throw new CliException("not yet available: serving needs the model runtime and the HTTP server, "
                + "which have not landed yet");
    }
}

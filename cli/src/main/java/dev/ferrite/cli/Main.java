package dev.ferrite.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of {@code ferrite}. Builds the command tree with the process's streams, runs it, and
 * exits with the command's status. Run it through the {@code ./ferrite} launcher, which adds the
 * JVM options the commands rely on.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Io.system(), args));
    }

    /** Runs one command line against {@code io}; returns the exit status. */
    static int run(Io io, String... args) {
        CommandLine cli = commandLine(io);
        int status = cli.execute(args);
        cli.getOut().flush();
        io.err().flush();
        return status;
    }

    /** The command tree, its help and errors written to {@code io}. */
    static CommandLine commandLine(Io io) {
        CommandLine cli = new CommandLine(new FerriteCommand())
                .addSubcommand(new TokenizeCommand(io))
                .addSubcommand(new EmbedCommand(io))
                .addSubcommand(new ServeCommand())
                .addSubcommand(new CommandLine(new BenchCommand())
                        .addSubcommand(new BenchTokenizeCommand()));
        // Settings reach the subcommands present when they are set, so they come last.
        ErrorReporter errors = new ErrorReporter();
        cli.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(io.err());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }
}

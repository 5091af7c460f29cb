package dev.ferrite.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Entry point of {@code ferrite}. Builds the command tree with the process's streams, runs it, and
 * exits with the command's status. Run it through the {@code ./ferrite} launcher, which adds the
 * JVM options the commands rely on.
 */
public final class Main {
    static {
        // A name the class path does not hold makes the class loader open and search every jar on it
        // (~60, 75-180 ms). picocli's default factory looks up groovy.lang.Closure once, when the
        // first command line is built, unless this (picocli's own switch) says Groovy is not used.
        System.setProperty("picocli.disable.closures", "true");
    }

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(Io.system(), args);
        // System.exit asks the JDK's System.Logger whether to log the exit, and the logger's first
        // use searches every jar of the class path for a logging service: the same cost as above.
        // A main that returns ends the JVM with status 0 (the shutdown hooks run all the same), so
        // only a failure exits here. This relies on the commands leaving no non-daemon thread behind.
        if (status != 0) System.exit(status);
    }

    /** Runs one command line against {@code io}; returns the exit status. */
    static int run(Io io, String... args) {
        CommandLine cli = commandLine(io, args);
        int status = cli.execute(args);
        cli.getOut().flush();
        io.err().flush();
        return status;
    }

    /**
     * The command tree for {@code args}, its help and errors written to {@code io}. Building a
     * subcommand's model costs picocli a pass of reflection over its class, and its instance is
     * made too (bench's loads the JMX beans it measures with), at every start. So when
     * {@code args} name a subcommand, only that one is added: the parse goes into it at once and
     * never meets its siblings. Any other command line ({@code --help}, a typo, nothing) gets the
     * whole tree, which its help and error messages list.
     */
    static CommandLine commandLine(Io io, String... args) {
        CommandLine cli = new CommandLine(new FerriteCommand());
        List<Subcommand> subcommands = subcommands(io);
        Subcommand chosen = chosen(subcommands, args);
        for (Subcommand subcommand : subcommands) {
            if (chosen == null || subcommand == chosen) cli.addSubcommand(subcommand.command().get());
        }
        // Settings reach the subcommands present when they are set, so they come last.
        ErrorReporter errors = new ErrorReporter();
        cli.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(io.err());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    /** A subcommand of {@code ferrite}: its name (as its {@code @Command} says) and how to make it. */
    record Subcommand(String name, Supplier<Object> command) {
    }

    /** Every subcommand, in the order {@code ferrite --help} lists them. */
    static List<Subcommand> subcommands(Io io) {
        return List.of(
                new Subcommand("tokenize", () -> new TokenizeCommand(io)),
                new Subcommand("embed", () -> new EmbedCommand(io)),
                new Subcommand("serve", () -> new ServeCommand(io)),
                new Subcommand("bench", () -> new CommandLine(new BenchCommand())
                        .addSubcommand(new BenchTokenizeCommand())
                        .addSubcommand(new BenchEmbedCommand())));
    }

    /**
     * The subcommand that {@code args} name, or null. Only {@code --verbose} may come before its name
     * (it takes no value, so a parse with the whole tree enters the same subcommand at the same
     * argument); after {@code --help} or {@code --version}, the root answers, with the whole tree.
     */
    private static Subcommand chosen(List<Subcommand> subcommands, String[] args) {
        for (String arg : args) {
            if (arg.equals("--verbose")) continue;
            for (Subcommand subcommand : subcommands) {
                if (subcommand.name().equals(arg)) return subcommand;
            }
            return null;
        }
        return null;
    }
}

package dev.ferrite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ferrite}: the top of the command tree; it only lists its subcommands. */
@Command(name = "ferrite", mixinStandardHelpOptions = true, versionProvider = FerriteCommand.Version.class,
        description = "Ferrite runs transformer models on the JVM, in pure Java: text in; tokens, embeddings out.",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExit status:%n",
        footer = {
            "  0    success",
            "  1    the command failed (a file is missing, tokenizer.json is malformed,",
            "       an input line is bad)",
            "  2    the command line is wrong",
            "  141  standard output was closed early (as '| head' does)"})
final class FerriteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace after the message.")
    boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: tokenize, embed, serve or bench");
    }

    /** {@code ferrite --version}: the version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FerriteCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ferrite " + (v == null ? "(development build)" : v)};
        }
    }
}

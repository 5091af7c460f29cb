package dev.ferrite.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for subcommands (the version option stays on {@code ferrite} itself). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

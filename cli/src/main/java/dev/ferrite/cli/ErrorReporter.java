package dev.ferrite.cli;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.tokenizers.TokenizerException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Turns every failure into one line on standard error, {@code "<command>: <what went wrong>"}, and
 * an exit status: 2 for a wrong command line, 1 for a command that failed, 141 when standard output
 * was closed early. A stack trace follows only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        ParameterException cause = unmatchedBefore(ex);
        CommandLine cmd = cause.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + named(cause) + " (see '" + name + " --help')");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        boolean verbose = verbose(parsed);
        switch (ex) {
            case OutputClosedException closed when closed.isBrokenPipe() -> {
                return OutputClosedException.BROKEN_PIPE_STATUS;
            }
            case CliException e -> err.println(name + ": " + oneLine(e.getMessage()));
            case OutputClosedException e -> err.println(name + ": " + oneLine(e.getMessage()));
            case TokenizerException e -> err.println(name + ": " + oneLine(e.getMessage()));
            case ModelException e -> err.println(name + ": " + oneLine(e.getMessage()));
            default -> err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                    + (verbose ? "" : " (--verbose prints the stack trace)"));
        }
        if (verbose) ex.printStackTrace(err);
        err.flush();
        return CliException.FAILURE;
    }

    /**
     * The error to report for {@code ex}: picocli checks a command's required options before it
     * reports the arguments it could not match, so a mistyped option ({@code --tokeniser}) would be
     * reported as the required one missing. An unmatched argument, in the failing command or in one
     * it was reached through, is the cause; it is named instead.
     */
    private static ParameterException unmatchedBefore(ParameterException ex) {
        if (!(ex instanceof MissingParameterException)) return ex;
        for (CommandLine cmd = ex.getCommandLine(); cmd != null; cmd = cmd.getParent()) {
            List<String> unmatched = cmd.getUnmatchedArguments();
            if (!unmatched.isEmpty()) return new UnmatchedArgumentException(cmd, unmatched);
        }
        return ex;
    }

    /** The message, naming the environment variable an option's bad value came from rather than the option. */
    private static String named(ParameterException ex) {
        String message = oneLine(ex.getMessage());
        if (!(ex.getArgSpec() instanceof OptionSpec option)) return message;
        String variable = EnvironmentOrigin.variable(option, ex.getCommandLine().getParseResult(), System::getenv);
        return variable == null ? message : EnvironmentOrigin.rename(message, option, variable);
    }

    /** Whether {@code --verbose} was given, at whatever level of subcommand. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** Messages may quote input with line breaks; an error stays one line. */
    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\R+", " ");
    }
}

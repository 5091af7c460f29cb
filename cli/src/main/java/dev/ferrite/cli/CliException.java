package dev.ferrite.cli;

/**
 * A failure the user can act on (a missing file, a malformed input line). {@link ErrorReporter}
 * prints its message as one line on standard error, prefixed with the command's name, and exits
 * with {@link #FAILURE}. The message names the file and line where there is one.
 */
final class CliException extends RuntimeException {
    /** Exit status of a command that failed because of its files or its input. */
    static final int FAILURE = 1;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}

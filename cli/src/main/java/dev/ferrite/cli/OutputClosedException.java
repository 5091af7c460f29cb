package dev.ferrite.cli;

import java.io.IOException;

/**
 * Writing to standard output failed. When the reader went away ({@code ferrite tokenize ... | head})
 * that is no error worth a message: the command stops quietly with the status a program killed by
 * SIGPIPE reports.
 */
final class OutputClosedException extends RuntimeException {
    /** 128 + SIGPIPE, what a shell reports for a process killed by a broken pipe. */
    static final int BROKEN_PIPE_STATUS = 141;

    OutputClosedException(IOException cause) {
        super("cannot write output: " + cause.getMessage(), cause);
    }

    boolean isBrokenPipe() {
        String m = getCause().getMessage();
        return m != null && m.contains("Broken pipe");
    }
}

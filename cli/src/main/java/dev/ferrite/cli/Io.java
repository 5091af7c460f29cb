package dev.ferrite.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The streams a command reads and writes: the process's own in {@link Main}, byte arrays in tests.
 *
 * @param in  standard input, raw bytes (read as UTF-8 lines by {@link LineReader})
 * @param out standard output, raw bytes (commands buffer it themselves)
 * @param err standard error, for one-line error messages
 * @param errIsTerminal whether standard error is a terminal (progress bars go only there)
 * @param outIsTerminal whether standard output is a terminal (binary output is refused there)
 */
record Io(InputStream in, OutputStream out, PrintWriter err, boolean errIsTerminal, boolean outIsTerminal) {

    /** System property the launcher sets to true when standard error is a terminal. */
    static final String STDERR_TERMINAL_PROPERTY = "ferrite.stderr.terminal";

    /** System property the launcher sets to true when standard output is a terminal. */
    static final String STDOUT_TERMINAL_PROPERTY = "ferrite.stdout.terminal";

    /** Streams whose standard output is not a terminal. */
    Io(InputStream in, OutputStream out, PrintWriter err, boolean errIsTerminal) {
        this(in, out, err, errIsTerminal, false);
    }

    /** Streams neither of which is a terminal (tests, pipes). */
    Io(InputStream in, OutputStream out, PrintWriter err) {
        this(in, out, err, false);
    }

    /** System property naming the file that standard error should be written to instead of fd 2. */
    static final String STDERR_PROPERTY = "ferrite.stderr";

    /** System property the launcher sets to true when it found standard input closed. */
    static final String STDIN_CLOSED_PROPERTY = "ferrite.stdin.closed";

    /** The process's standard streams, unbuffered (FileDescriptor based, no System.in buffering on top). */
    static Io system() {
        OutputStream err = stderr();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Io(stdin(Boolean.getBoolean(STDIN_CLOSED_PROPERTY)), new FileOutputStream(FileDescriptor.out),
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true),
                Boolean.getBoolean(STDERR_TERMINAL_PROPERTY), Boolean.getBoolean(STDOUT_TERMINAL_PROPERTY));
    }

    /**
     * Standard input; when the launcher found it closed ({@code <&-}), a stream whose reads fail. The
     * launcher gives fd 0 /dev/null then, as the JVM's first open file (its lib/modules) would otherwise
     * take the free descriptor and be read as the input.
     */
    static InputStream stdin(boolean closed) {
        if (!closed) return new FileInputStream(FileDescriptor.in);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("standard input is closed");
            }
        };
    }

    /**
     * Standard error. The {@code ./ferrite} launcher sends the JVM's own fd 2 through a filter that
     * drops the "Using incubator modules" warning the JVM prints at boot (there is no flag to turn it
     * off), and passes the real standard error as {@code -Dferrite.stderr=/dev/fd/3}. Writing there
     * directly means our messages reach the caller before the process exits, not whenever the filter
     * process gets to them.
     */
    private static OutputStream stderr() {
        String path = System.getProperty(STDERR_PROPERTY);
        if (path != null && !path.isEmpty()) {
            try {
                return new FileOutputStream(path, true);
            } catch (IOException | SecurityException e) {
                // Not reopenable (a socket, say): fd 2 through the filter still works.
            }
        }
        return new FileOutputStream(FileDescriptor.err);
    }
}

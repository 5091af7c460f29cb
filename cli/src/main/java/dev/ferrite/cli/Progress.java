package dev.ferrite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Progress of a long run on standard error, and only where it helps without getting in the way:
 * on a terminal, a bar redrawn in place ({@code \r}); elsewhere (a log file, a pipe), nothing,
 * except for an input file of at least {@link #LARGE} lines, which gets a plain line at every
 * tenth done. Never control characters where standard error is not a terminal.
 */
abstract sealed class Progress permits Progress.None, Progress.Bar, Progress.Steps {
    /** Lines from which a file counts as large. */
    static final long LARGE = 10_000;

    static Progress start(Io io, Path input) {
        long total = input == null ? -1 : countLines(input);
        if (io.errIsTerminal()) return new Bar(io.err(), total);
        if (total >= LARGE) return new Steps(io.err(), total);
        return new None();
    }

    abstract void update(long done);

    abstract void finish(long done);

    /** Lines of {@code file} ('\n'-terminated, plus an unterminated last one), or -1 if unreadable. */
    static long countLines(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long lines = 0;
            int last = '\n';
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') lines++;
                }
                last = buf[n - 1];
            }
            return last == '\n' ? lines : lines + 1;
        } catch (IOException e) {
            return -1;
        }
    }

    static final class None extends Progress {
        void update(long done) {
        }

        void finish(long done) {
        }
    }

    /** {@code [#########           ] 450/1000 lines} on one terminal line. */
    static final class Bar extends Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final long total;
        private boolean drawn;

        Bar(PrintWriter err, long total) {
            this.err = err;
            this.total = total;
        }

        void update(long done) {
            String text;
            if (total > 0) {
                int filled = (int) Math.min(WIDTH, done * WIDTH / total);
                text = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " lines";
            } else {
                text = done + " lines";
            }
            err.print("\r" + text);
            err.flush();
            drawn = true;
        }

        void finish(long done) {
            if (drawn) {
                err.print("\r\033[K"); // clear the bar: the terminal is left as it was
                err.flush();
            }
        }
    }

    /** {@code ferrite embed: 1000/10000 lines} at each tenth. */
    static final class Steps extends Progress {
        private final PrintWriter err;
        private final long total;
        private long nextTenth = 1;

        Steps(PrintWriter err, long total) {
            this.err = err;
            this.total = total;
        }

        void update(long done) {
            if (done * 10 < nextTenth * total) return;
            while (done * 10 >= nextTenth * total) nextTenth++;
            if (done < total) {
                err.println("ferrite embed: " + done + "/" + total + " lines");
                err.flush();
            }
        }

        void finish(long done) {
        }
    }
}

package dev.ferrite.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code ferrite} in-process, with byte arrays for its standard streams. */
final class Cli {
    private Cli() {
    }

    /** What one run printed, and its exit status. */
    record Result(int status, String out, String err) {
        /** Standard error as lines (an error is meant to be exactly one). */
        String[] errLines() {
            return err.lines().toArray(String[]::new);
        }
    }

    static Result run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Result run(byte[] stdin, String... args) {
        return run(new ByteArrayInputStream(stdin), args);
    }

    static Result run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(stdin, out,
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        int status = Main.run(io, args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package dev.ferrite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 text line by line, strictly.
 *
 * <ul>
 *   <li>Lines end at {@code '\n'} only. A {@code '\r'} stays part of the line: the line is the text to
 *       encode, and a tokenizer sees that character as the Rust library would.</li>
 *   <li>A final line without {@code '\n'} is a line; the {@code '\n'} that ends the input does not
 *       start another one. Empty input has no lines.</li>
 *   <li>Bytes that are not UTF-8 are an error naming the line and the byte, never silently replaced.</li>
 * </ul>
 *
 * <p>Before each read that may block, {@code beforeBlocking} runs (the caller flushes its output
 * there), so an interactive caller sees each answer as soon as its line is in.
 */
final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final String source;
    private final Runnable beforeBlocking;
    private final boolean ownsStream;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** The current line when it spans more than one buffer fill. */
    private byte[] pending = new byte[256];
    private int pendingLength;
    private long lineNumber;
    private int lineBytes;
    private CharsetDecoder strict;

    /**
     * @param in             the bytes to read
     * @param source         how messages name the input ("stdin", a file name)
     * @param beforeBlocking runs before a read that may block
     * @param ownsStream     whether {@link #close()} closes {@code in}
     * @param bufferSize     bytes read at a time (small values exercise lines spanning reads in tests)
     */
    LineReader(InputStream in, String source, Runnable beforeBlocking, boolean ownsStream, int bufferSize) {
        this.in = in;
        this.source = source;
        this.beforeBlocking = beforeBlocking;
        this.ownsStream = ownsStream;
        this.buf = new byte[bufferSize];
    }

    LineReader(InputStream in, String source, Runnable beforeBlocking, boolean ownsStream) {
        this(in, source, beforeBlocking, ownsStream, 1 << 16);
    }

    /** The next line, without its {@code '\n'}, or null at the end of the input. */
    String next() {
        pendingLength = 0;
        boolean started = false;
        while (pos < limit || fill()) {
            started = true;
            int nl = indexOfNewline(pos, limit);
            if (nl >= 0) {
                int start = pos;
                pos = nl + 1;
                lineNumber++;
                if (pendingLength == 0) return decode(buf, start, nl - start);
                append(start, nl - start);
                return decode(pending, 0, pendingLength);
            }
            append(pos, limit - pos);
            pos = limit;
        }
        if (!started) return null;
        lineNumber++; // the last line, which has no '\n'
        return decode(pending, 0, pendingLength);
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    /** UTF-8 length of the line {@link #next()} returned last, without its {@code '\n'}. */
    int lineBytes() {
        return lineBytes;
    }

    /** Names the line {@link #next()} returned last, for messages: {@code "input.txt line 12"}. */
    String where() {
        return source + " line " + lineNumber;
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }

    private void append(int from, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(buf, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private boolean fill() {
        if (eof) return false;
        try {
            if (available() == 0) beforeBlocking.run();
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private int available() {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    private String decode(byte[] bytes, int offset, int length) {
        lineBytes = length;
        String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
        // The fast decoder replaces bad bytes with U+FFFD. The text may hold U+FFFD itself, so only
        // then is the line decoded again, strictly, to tell the two apart.
        if (s.indexOf('\uFFFD') >= 0) checkStrictly(bytes, offset, length);
        return s;
    }

    private void checkStrictly(byte[] bytes, int offset, int length) {
        if (strict == null) {
            strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        ByteBuffer input = ByteBuffer.wrap(bytes, offset, length);
        CoderResult result = strict.reset().decode(input, CharBuffer.allocate(length), true);
        if (result.isError()) {
            int at = input.position() - offset;
            throw new CliException(where() + ": not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[input.position()] & 0xFF) + " at byte " + (at + 1) + " of the line)");
        }
    }

    @Override
    public void close() {
        if (!ownsStream) return;
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was lost: we only read from it.
        }
    }
}

package dev.ferrite.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * An HTTP/1.1 client on one plain socket, so a test controls the connection: keeps it alive across
 * requests, closes, resets or half-closes it while a request waits.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An answer: status, headers (lower-case names), body. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends a POST with a JSON body (not waiting for the answer). */
    void post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Sends text as it is: a request's head, part of its body. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one answer (a Content-Length body, as the server sends). */
    Response read() throws IOException {
        Response head = readHead();
        byte[] body = in.readNBytes(Integer.parseInt(head.headers().getOrDefault("content-length", "0")));
        return new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    /** Reads an answer's status line and headers only, as an answer to HEAD has no body whatever its Content-Length. */
    Response readHead() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("the server closed the connection");
        }
        Map<String, String> headers = new HashMap<>();
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
    }

    /** Whatever the server sends until it closes the connection. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** A line without its CRLF; null at the end of the stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("the connection ended mid-line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Waits for a condition, failing after a deadline generous enough for a loaded machine. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}

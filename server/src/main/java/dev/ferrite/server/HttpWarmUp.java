package dev.ferrite.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs the HTTP side of the server before it takes traffic, so the first clients do not pay for the
 * JVM's first run of it (in a fresh JVM the first request spent about half a second in the web
 * server's request path, the JSON codec and the routes, the model being warm already). A throwaway
 * server with the same model and settings, on an ephemeral port of 127.0.0.1, is sent a few rounds
 * of the main requests (TEI's and OpenAI's embeddings, tokenize, health, metrics) over plain sockets,
 * then stopped. The JVM keeps what they made it load and compile; the real server, started after,
 * has its own metrics, which never count them.
 */
public final class HttpWarmUp {
    private static final String TEXT = "The quick brown fox jumps over the lazy dog near the bank of the river.";

    /** One request: method, path, JSON body (null for none). */
    private record Request(String method, String path, String body) {
    }

    private static final List<Request> ROUND = List.of(
            new Request("POST", "/embed", "{\"inputs\":\"" + TEXT + "\"}"),
            new Request("POST", "/embed", "{\"inputs\":[\"" + TEXT + "\",\"hello\"],\"normalize\":false}"),
            new Request("POST", "/v1/embeddings", "{\"input\":[\"" + TEXT + "\"],\"model\":\"warm-up\"}"),
            new Request("POST", "/tokenize", "{\"inputs\":\"" + TEXT + "\"}"),
            new Request("GET", "/health", null),
            new Request("GET", "/metrics", null));

    private HttpWarmUp() {
    }

    /**
     * Sends up to {@code rounds} rounds of requests to a throwaway server of {@code model} under
     * {@code config} (its host and port replaced by 127.0.0.1 and an ephemeral one): one round in any
     * case, more while {@code budget} (counted once the server listens) lasts. Returns the requests
     * answered with 200.
     *
     * @throws IOException when the throwaway server cannot be reached
     */
    public static int run(ServedModel model, ServerConfig config, int rounds, Duration budget) throws IOException {
        EmbeddingServer server = EmbeddingServer.start(model, config.withHostname("127.0.0.1").withPort(0));
        long deadline = System.nanoTime() + budget.toNanos();
        int answered = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int r = 0; r < rounds && (r == 0 || System.nanoTime() - deadline < 0); r++) {
                for (Request q : ROUND) {
                    if (send(q, config.apiKey(), out, in) == 200) answered++;
                }
            }
        } finally {
            server.stop(Duration.ZERO);
        }
        return answered;
    }

    /** Sends one request on a kept-alive connection and reads its answer (a Content-Length body, as the server sends); the status. */
    private static int send(Request q, String apiKey, OutputStream out, InputStream in) throws IOException {
        byte[] body = q.body() == null ? new byte[0] : q.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder().append(q.method()).append(' ').append(q.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        if (apiKey != null) head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
        if (q.body() != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line(in);
        long length = -1;
        for (String h; !(h = line(in)).isEmpty(); ) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) length = Long.parseLong(h.substring(15).trim());
        }
        if (length < 0) throw new IOException(q.path() + " answered without a Content-Length");
        in.skipNBytes(length);
        String[] parts = status.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    /** A line of the answer's head, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("the server closed the connection");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }
}

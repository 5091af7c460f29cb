package dev.ferrite.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The load generator's side of one HTTP/1.1 keep-alive connection: one per client thread, used by
 * that thread only. Two kinds, so that the client can be shown not to be the bottleneck:
 * {@link Raw} writes the request bytes on a plain socket and reads the response itself (no
 * selector thread, no copies beyond the body), {@link Jdk} goes through {@link HttpClient}.
 */
sealed interface LoadClient extends AutoCloseable permits LoadClient.Raw, LoadClient.Jdk {

    /** A response: its status and its body. */
    record Response(int status, byte[] body) {
    }

    /** Sends {@code POST path} with a JSON body and waits for the whole response. */
    Response post(String path, byte[] json) throws IOException, InterruptedException;

    /** Sends {@code GET path} and waits for the whole response. */
    Response get(String path) throws IOException, InterruptedException;

    @Override
    void close();

    /** A new connection of the named kind ({@code raw} or {@code jdk}) to 127.0.0.1:{@code port}. */
    static LoadClient of(String kind, int port, Duration timeout) {
        return switch (kind) {
            case "raw" -> new Raw(port, timeout);
            case "jdk" -> new Jdk(port, timeout);
            default -> throw new IllegalArgumentException("unknown client " + kind + " (raw or jdk)");
        };
    }

    /**
     * HTTP/1.1 over a plain socket, reconnecting when the server closes the connection. Reads
     * Content-Length and chunked bodies; enough for Ferrite's and any ordinary server's answers.
     */
    final class Raw implements LoadClient {
        private final int port;
        private final int timeoutMillis;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Raw(int port, Duration timeout) {
            this.port = port;
            this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }

        @Override
        public Response post(String path, byte[] json) throws IOException {
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n";
            return exchange(head.getBytes(StandardCharsets.US_ASCII), json);
        }

        @Override
        public Response get(String path) throws IOException {
            String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
            return exchange(head.getBytes(StandardCharsets.US_ASCII), new byte[0]);
        }

        /** One request and its response; on any failure the connection is dropped (the next call opens a new one) and the failure counts. */
        private Response exchange(byte[] head, byte[] body) throws IOException {
            try {
                return exchangeOnce(head, body);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private Response exchangeOnce(byte[] head, byte[] body) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            }
            out.write(head);
            out.write(body);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP/1 status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = status.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> closeAfter = value.contains("close");
                    default -> {
                    }
                }
            }
            byte[] content = chunked ? chunks() : in.readNBytes((int) Math.max(0, length));
            if (!chunked && length > 0 && content.length < length) {
                throw new IOException("connection closed in the body");
            }
            if (closeAfter) {
                close();
            }
            return new Response(code, content);
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers: none expected, skipped
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line();
            }
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    s.append((char) b);
                }
            }
            return s.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do with it
                }
                socket = null;
            }
        }
    }

    /** {@link HttpClient} (HTTP/1.1); each thread has its own client, so its own connection. */
    final class Jdk implements LoadClient {
        private final HttpClient client;
        private final String base;
        private final Duration timeout;

        Jdk(int port, Duration timeout) {
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
            this.base = "http://127.0.0.1:" + port;
            this.timeout = timeout;
        }

        @Override
        public Response post(String path, byte[] json) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(res.statusCode(), res.body());
        }

        @Override
        public Response get(String path) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(res.statusCode(), res.body());
        }

        @Override
        public void close() {
            client.close();
        }
    }
}

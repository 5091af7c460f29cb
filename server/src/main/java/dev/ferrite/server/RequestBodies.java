package dev.ferrite.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.OptionalLong;

/** Reads request bodies: JSON ones only, at most the payload limit, and never one that stalls longer than the stall bound. */
final class RequestBodies implements AutoCloseable {
    private final long limit;
    private final StallTimer stalls;

    /** A body stalled past the bound: its connection is closed, so nobody can be answered. */
    static final class StalledException extends RuntimeException {
        StalledException(Duration bound) {
            super("no byte of the request body came for " + bound.toMillis() + " ms");
        }
    }

    RequestBodies(long limit, Duration stallBound) {
        this.limit = limit;
        this.stalls = new StallTimer(stallBound);
    }

    /**
     * The whole request body.
     *
     * @throws ApiException 415 when the Content-Type is not JSON's ({@link JsonContentType}); 413 when the body is larger than the limit (told by Content-Length before reading, or
     *     found while reading); 400 when it ends before its Content-Length or its chunked encoding is malformed
     * @throws StalledException when no byte came for the stall bound
     */
    byte[] read(ServerRequest req) {
        if (!JsonContentType.accepts(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null))) {
            throw new ApiException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Expected request with `Content-Type: application/json`");
        }
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge();
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        StallTimer.Read watch = stalls.start();
        byte[] body;
        try {
            body = readAll(req, declared, watch);
        } catch (ApiException e) {
            if (watch.finish()) {
                throw new StalledException(stalls.bound());
            }
            throw e;
        }
        // The bound may have passed just as the last bytes came: the thread is interrupted all the same.
        if (watch.finish()) {
            throw new StalledException(stalls.bound());
        }
        return body;
    }

    private byte[] readAll(ServerRequest req, OptionalLong declared, StallTimer.Read watch) {
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared.isPresent() ? (int) declared.getAsLong() : 1024);
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                watch.progress();
                total += n;
                if (total > limit) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Helidon reports a body cut short or a malformed chunk size with unchecked exceptions of
            // its own (or NumberFormatException): the client's fault, not a server error.
            throw new ApiException(ErrorType.BAD_REQUEST, declared.isPresent()
                    ? "the request body ended before the " + declared.getAsLong() + " bytes its Content-Length declares"
                    : "the request body's chunked encoding is malformed or cut short", e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "the request body is larger than the payload limit of " + limit + " bytes");
    }

    @Override
    public void close() {
        stalls.close();
    }
}

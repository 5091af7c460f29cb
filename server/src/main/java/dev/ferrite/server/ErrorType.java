package dev.ferrite.server;

import java.util.Locale;

/**
 * The kinds of failure a request can meet, each with the HTTP status TEI gives it. The label (the
 * lower-case name) is what goes into an error body's {@code error_type}.
 */
public enum ErrorType {
    /** The server is stopping or its model worker has failed: 503. */
    UNHEALTHY(503),
    /** The model failed on a batch: 424 (TEI's "failed dependency"). */
    BACKEND(424),
    /** More inputs waiting than {@code --max-concurrent-requests}: 429. */
    OVERLOADED(429),
    /** Malformed JSON, wrong types, an input too long without truncation: 422. */
    VALIDATION(422),
    /** The tokenizer rejected a text: 422. */
    TOKENIZER(422),
    /** An empty batch: 400. */
    EMPTY(400),
    /** A body that cannot be read: shorter than its Content-Length, or malformed chunks: 400. */
    BAD_REQUEST(400),
    /** A body over {@code --payload-limit}: 413. */
    PAYLOAD_TOO_LARGE(413),
    /** A body whose Content-Type is not JSON, or none: 415, as axum's JSON extractor answers in TEI. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A missing or wrong API key: 401. */
    UNAUTHORIZED(401),
    /** No such route: 404. */
    NOT_FOUND(404),
    /** A known route asked with the wrong method: 405. */
    METHOD_NOT_ALLOWED(405),
    /** A bug: 500 (the message names the exception class, never a stack trace). */
    INTERNAL(500);

    private final int status;

    ErrorType(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** {@code validation}, {@code overloaded}...: the value of {@code error_type}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

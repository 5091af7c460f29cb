package dev.ferrite.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The request's connection; writing JSON, error bodies and TEI's timing headers. */
final class Http {
    static final String JSON = "application/json";

    private Http() {
    }

    /** The request's TCP connection, for {@link ClientWatch}; null when it is not one. */
    static TcpTable.Connection client(ServerRequest req) {
        return TcpTable.Connection.of(req.localPeer().address(), req.remotePeer().address());
    }

    /**
     * Bound while a HEAD request is handled. Helidon 4.5 writes the body of an answer to HEAD like any
     * other, which the client then reads as the start of the next answer.
     */
    static final ScopedValue<Boolean> HEAD = ScopedValue.newInstance();

    static void json(ServerResponse res, int status, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        send(res, body);
    }

    /** Sends the answer; to HEAD without the body, but with the Content-Length it would have (Helidon keeps one set). */
    static void send(ServerResponse res, byte[] body) {
        if (HEAD.isBound()) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
            res.send();
        } else {
            res.send(body);
        }
    }

    /** TEI's error body: {@code {"error": "...", "error_type": "..."}}. */
    static byte[] teiError(ApiException e) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("error", e.getMessage());
            g.writeStringField("error_type", e.type().label());
            g.writeEndObject();
        });
    }

    /**
     * OpenAI's error body, which its SDKs read: {@code {"error": {"message", "type", "param", "code"}}}.
     * {@code code} carries TEI's error type.
     */
    static byte[] openAiError(ApiException e) {
        String type = switch (e.type()) {
            case VALIDATION, TOKENIZER, EMPTY, BAD_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND, METHOD_NOT_ALLOWED ->
                    "invalid_request_error";
            case UNAUTHORIZED -> "authentication_error";
            case OVERLOADED -> "rate_limit_error";
            case BACKEND, UNHEALTHY, INTERNAL -> "server_error";
        };
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", e.getMessage());
            g.writeStringField("type", type);
            g.writeNullField("param");
            g.writeStringField("code", e.type().label());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static void error(ServerResponse res, ApiException e, boolean openAi) {
        if (res.isSent()) {
            return;
        }
        if (e.allow() != null) {
            res.header(HeaderNames.ALLOW, e.allow());
        }
        json(res, e.type().status(), openAi ? openAiError(e) : teiError(e));
    }

    /** TEI's timing headers, in milliseconds, and the work done. */
    static void timings(ServerResponse res, Inference.Outcome o, long totalNanos) {
        res.header("x-compute-type", "cpu");
        res.header("x-compute-time", Long.toString(ServerMetrics.nanosToMillis(totalNanos)));
        res.header("x-compute-characters", Integer.toString(o.characters()));
        res.header("x-compute-tokens", Integer.toString(o.tokens()));
        res.header("x-total-time", Long.toString(ServerMetrics.nanosToMillis(totalNanos)));
        res.header("x-tokenization-time", Long.toString(ServerMetrics.nanosToMillis(o.tokenizationNanos())));
        res.header("x-queue-time", Long.toString(ServerMetrics.nanosToMillis(o.queueNanos())));
        res.header("x-inference-time", Long.toString(ServerMetrics.nanosToMillis(o.inferenceNanos())));
    }
}

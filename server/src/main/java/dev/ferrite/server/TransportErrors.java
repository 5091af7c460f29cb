package dev.ferrite.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Helidon's own answers, to requests it refuses before any route sees them (a malformed request
 * line or header, an HTTP version it does not speak): TEI's JSON error body, as the routes' errors
 * have, instead of an empty one.
 */
final class TransportErrors implements DirectHandler {
    @Override
    public TransportResponse handle(TransportRequest request, EventType event, Status status,
                                    ServerResponseHeaders headers, String message) {
        // Helidon fails with an internal error on a request line it cannot parse (a control
        // character in the method, say); nothing else can fail before the method is known.
        boolean unreadableRequestLine = event == EventType.INTERNAL_ERROR && request.method().isEmpty();
        Status answered = unreadableRequestLine ? Status.BAD_REQUEST_400 : status;
        ErrorType type = switch (answered.code()) {
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 500 -> ErrorType.INTERNAL;
            default -> ErrorType.BAD_REQUEST;
        };
        String text = message != null ? message
                : unreadableRequestLine ? "malformed HTTP request line"
                : switch (event) {
                    case HTTP_VERSION_NOT_SUPPORTED -> request.protocolVersion() + " is not served; use HTTP/1.1";
                    // Helidon says 400 of an oversized header too, 414 of an oversized request line.
                    case BAD_REQUEST -> answered.code() == 400 ? "malformed or oversized HTTP request line or headers"
                            : answered.reasonPhrase();
                    default -> answered.reasonPhrase();
                };
        return TransportResponse.builder()
                .status(answered)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, Http.JSON)
                .keepAlive(event.keepAlive() && !unreadableRequestLine)
                .entity(Http.teiError(new ApiException(type, text)))
                .build();
    }
}

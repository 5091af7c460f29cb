package dev.ferrite.server;

/**
 * A request failed in a way the client is told about: an {@link ErrorType} (hence the status) and
 * a one-line message. Thrown anywhere below the HTTP layer, turned into an error body there.
 */
public final class ApiException extends RuntimeException {
    private final ErrorType type;
    /** The methods the route answers, for a 405's Allow header; null for every other error. */
    private final String allow;

    public ApiException(ErrorType type, String message) {
        this(type, message, null, null);
    }

    public ApiException(ErrorType type, String message, Throwable cause) {
        this(type, message, cause, null);
    }

    private ApiException(ErrorType type, String message, Throwable cause, String allow) {
        super(message, cause, false, false);
        this.type = type;
        this.allow = allow;
    }

    /** A known route asked with a method it does not answer: 405, its Allow header {@code allow}. */
    static ApiException methodNotAllowed(String message, String allow) {
        return new ApiException(ErrorType.METHOD_NOT_ALLOWED, message, null, allow);
    }

    public ErrorType type() {
        return type;
    }

    /** The value of a 405's Allow header; null for other errors. */
    String allow() {
        return allow;
    }
}

package dev.ferrite.server;

/**
 * A request failed in a way the client is told about: an {@link ErrorType} (hence the status) and
 * a one-line message. Thrown anywhere below the HTTP layer, turned into an error body there.
 */
public final class ApiException extends RuntimeException {
    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public ApiException(ErrorType type, String message, Throwable cause) {
        super(message, cause, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}

package dev.ferrite.runtime;

import java.io.Serial;

/**
 * The one exception type of the runtime module: a model file that cannot be read, a graph that is
 * malformed, or an operator the runtime does not implement. The message names the file, the graph
 * node or tensor, and what was expected, so that it can be shown to a user as it is.
 */
public final class ModelException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

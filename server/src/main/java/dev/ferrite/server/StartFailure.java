package dev.ferrite.server;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What Helidon logs while its server starts. A listener that cannot bind (its port in use, say) is
 * not thrown: Helidon logs it, with stack traces, and returns from {@code start()} with the server
 * stopped. The log is kept here instead of printed, and the root cause of its first exception is
 * what the caller is told.
 */
final class StartFailure extends Handler {
    /** Held, because java.util.logging keeps loggers weakly. */
    private static final Logger LOG = Logger.getLogger("io.helidon.webserver.LoomServer");

    private Throwable thrown;

    private StartFailure() {
    }

    /** Keeps what Helidon's server logs from now until {@link #stopWatching}. */
    static StartFailure watch() {
        StartFailure failure = new StartFailure();
        LOG.addHandler(failure);
        LOG.setUseParentHandlers(false);
        return failure;
    }

    void stopWatching() {
        LOG.removeHandler(this);
        LOG.setUseParentHandlers(true);
    }

    /** The failure to report: the root cause's message ("Address already in use"), the logged exception as cause. */
    synchronized RuntimeException exception() {
        if (thrown == null) {
            return new IllegalStateException("the HTTP server did not start");
        }
        Throwable cause = thrown;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new IllegalStateException(cause.getMessage(), thrown);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (thrown == null) {
            thrown = record.getThrown();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}

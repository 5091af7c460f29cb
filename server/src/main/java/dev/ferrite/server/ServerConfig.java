package dev.ferrite.server;

import java.time.Duration;

/**
 * How the server runs; the names follow text-embeddings-inference's flags.
 *
 * @param hostname              address to listen on (default 127.0.0.1: loopback only, unlike TEI's 0.0.0.0)
 * @param port                  TCP port; 0 picks a free one
 * @param maxConcurrentRequests inputs admitted at once (queued or computing); one more is refused with 429
 * @param maxBatchTokens        the most tokens of one engine batch
 * @param maxBatchRequests      the most sequences of one engine batch; 0: no cap but the token budget
 * @param maxClientBatchSize    the most inputs of one request
 * @param autoTruncate          whether inputs are cut to the model's limit when a request does not say
 * @param payloadLimit          the largest request body, in bytes
 * @param apiKey                the bearer token every route but health and metrics requires; null: none
 * @param workers               model workers: platform threads each computing one batch at a time
 * @param bodyTimeout           how long a request body may send no byte before its connection is closed
 */
public record ServerConfig(String hostname, int port, int maxConcurrentRequests, int maxBatchTokens,
                           int maxBatchRequests, int maxClientBatchSize, boolean autoTruncate, long payloadLimit,
                           String apiKey, int workers, Duration bodyTimeout) {
    public static final String DEFAULT_HOSTNAME = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 512;
    public static final int DEFAULT_MAX_BATCH_TOKENS = 16384;
    public static final int DEFAULT_MAX_CLIENT_BATCH_SIZE = 32;
    public static final long DEFAULT_PAYLOAD_LIMIT = 2_000_000;
    /** Ample for any client that is sending at all; a slowloris client holds its connection no longer. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Each worker is a platform thread computing whole batches on the shared compute pool: past the cores they only queue. */
    public static final int MAX_WORKERS = 256;

    public ServerConfig {
        require(port >= 0 && port <= 65535, "port", "must be 0..65535, not " + port);
        require(maxConcurrentRequests >= 1, "max-concurrent-requests", "must be at least 1, not " + maxConcurrentRequests);
        require(maxBatchTokens >= 1, "max-batch-tokens", "must be at least 1, not " + maxBatchTokens);
        require(maxBatchRequests >= 0, "max-batch-requests", "must be 0 (no cap but the token budget) or more, not " + maxBatchRequests);
        require(maxClientBatchSize >= 1, "max-client-batch-size", "must be at least 1, not " + maxClientBatchSize);
        require(payloadLimit >= 1, "payload-limit", "must be at least 1, not " + payloadLimit);
        require(workers >= 1 && workers <= MAX_WORKERS, "workers", "must be 1.." + MAX_WORKERS + ", not " + workers);
        require(apiKey == null || !apiKey.isEmpty(), "api-key", "must not be empty");
        require(bodyTimeout.isPositive(), "body-timeout", "must be positive, not " + bodyTimeout);
    }

    /**
     * A setting the server cannot run with. {@link #setting} is its name as TEI's flag spells it
     * ("max-batch-tokens"), which a command line maps back to its option; the message starts with it.
     */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String setting;

        InvalidSetting(String setting, String problem) {
            super(setting + " " + problem);
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }

    /** TEI's defaults, but on 127.0.0.1, one model worker. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOSTNAME, DEFAULT_PORT, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_BATCH_TOKENS,
                0, DEFAULT_MAX_CLIENT_BATCH_SIZE, true, DEFAULT_PAYLOAD_LIMIT, null, 1, DEFAULT_BODY_TIMEOUT);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withHostname(String hostname) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withLimits(int maxConcurrentRequests, int maxBatchTokens, int maxBatchRequests, int maxClientBatchSize) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withAutoTruncate(boolean autoTruncate) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withPayloadLimit(long payloadLimit) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withApiKey(String apiKey) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withWorkers(int workers) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    public ServerConfig withBodyTimeout(Duration bodyTimeout) {
        return new ServerConfig(hostname, port, maxConcurrentRequests, maxBatchTokens, maxBatchRequests,
                maxClientBatchSize, autoTruncate, payloadLimit, apiKey, workers, bodyTimeout);
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw new InvalidSetting(setting, problem);
        }
    }
}

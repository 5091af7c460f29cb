package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpWarmUp}: every warm-up request is answered 200 by the throwaway server (with and
 * without an API key), the model sees them, the rounds follow the budget, and the configured host
 * and port are left for the real server.
 */
class HttpWarmUpTest {
    private static final int REQUESTS_PER_ROUND = 6;

    @Test
    void everyRequestOfEveryRoundIsAnsweredAndReachesTheModel() throws IOException {
        FakeEncoder encoder = new FakeEncoder();
        int answered = HttpWarmUp.run(TestServer.fakeModel(encoder, Map.of()), ServerConfig.defaults(), 3, Duration.ofMinutes(1));
        assertThat(answered).isEqualTo(3 * REQUESTS_PER_ROUND);
        assertThat(encoder.batches).isNotEmpty(); // three embedding requests per round, each at least one batch
    }

    @Test
    void aServerWithAnApiKeyIsWarmedWithIt() throws IOException {
        ServerConfig keyed = ServerConfig.defaults().withApiKey("s3cret");
        assertThat(HttpWarmUp.run(TestServer.fakeModel(new FakeEncoder(), Map.of()), keyed, 1, Duration.ofMinutes(1)))
                .isEqualTo(REQUESTS_PER_ROUND);
    }

    @Test
    void aSpentBudgetStillRunsOneRoundAndNoMore() throws IOException {
        assertThat(HttpWarmUp.run(TestServer.fakeModel(new FakeEncoder(), Map.of()), ServerConfig.defaults(), 5, Duration.ZERO))
                .isEqualTo(REQUESTS_PER_ROUND);
    }

    @Test
    void theConfiguredHostAndPortAreNotUsed() throws IOException {
        // A port the real server would take stays free: the warm-up listens on an ephemeral port of 127.0.0.1.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerConfig config = ServerConfig.defaults().withPort(taken.getLocalPort()).withHostname("0.0.0.0");
            assertThat(HttpWarmUp.run(TestServer.fakeModel(new FakeEncoder(), Map.of()), config, 1, Duration.ZERO))
                    .isEqualTo(REQUESTS_PER_ROUND);
        }
    }
}

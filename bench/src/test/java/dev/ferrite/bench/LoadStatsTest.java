package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The load generator's arithmetic: nearest-rank percentiles, counting by status, rates. */
class LoadStatsTest {

    @Test
    void nearestRankPercentiles() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(LoadStats.percentile(hundred, 50)).isEqualTo(50);
        assertThat(LoadStats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(LoadStats.percentile(hundred, 100)).isEqualTo(100);
        long[] four = {10, 20, 30, 40};
        assertThat(LoadStats.percentile(four, 50)).isEqualTo(20);
        assertThat(LoadStats.percentile(four, 99)).isEqualTo(40);
        assertThat(LoadStats.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(LoadStats.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LoadStats.percentile(new long[0], 50)).isZero();
        assertThatThrownBy(() -> LoadStats.percentile(four, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergesThreadsAndCountsStatusesApart() {
        LoadStats.Recorder a = new LoadStats.Recorder();
        LoadStats.Recorder b = new LoadStats.Recorder();
        // 1000 200s over two threads, latencies 1..1000 ms interleaved, plus 429s and failures.
        for (int i = 1; i <= 1000; i++) {
            (i % 2 == 0 ? a : b).record(200, i * 1_000_000L);
        }
        for (int i = 0; i < 5; i++) {
            a.record(429, 1);
        }
        b.record(503, 1);
        b.record(LoadStats.NO_RESPONSE, 1);
        b.record(LoadStats.NO_RESPONSE, 1);
        a.record(LoadStats.BAD_BODY, 1);

        LoadStats.Summary s = LoadStats.summarize(List.of(a, b), 2_000_000_000L);

        assertThat(s.ok()).isEqualTo(1000);
        assertThat(s.rejected()).isEqualTo(5);
        assertThat(s.errors()).containsOnly(Map.entry(LoadStats.BAD_BODY, 1L), Map.entry(LoadStats.NO_RESPONSE, 2L), Map.entry(503, 1L));
        assertThat(s.errorCount()).isEqualTo(4);
        assertThat(s.requests()).isEqualTo(1009);
        assertThat(s.p50Nanos()).isEqualTo(500_000_000L); // of the 200s only: 429s and failures answer fast
        assertThat(s.p99Nanos()).isEqualTo(990_000_000L);
        assertThat(s.requestsPerSecond()).isEqualTo(504.5);
        assertThat(s.sentencesPerSecond(1)).isEqualTo(500.0);
        assertThat(s.sentencesPerSecond(4)).isEqualTo(2000.0);
    }

    @Test
    void growsPastItsFirstArray() {
        LoadStats.Recorder r = new LoadStats.Recorder();
        for (int i = 100_000; i > 0; i--) {
            r.record(200, i);
        }
        LoadStats.Summary s = LoadStats.summarize(List.of(r), 1_000_000_000L);
        assertThat(s.ok()).isEqualTo(100_000);
        assertThat(s.p50Nanos()).isEqualTo(50_000);
        assertThat(s.p99Nanos()).isEqualTo(99_000);
    }

    @Test
    void emptyLevel() {
        LoadStats.Summary s = LoadStats.summarize(List.of(new LoadStats.Recorder()), 1_000_000_000L);
        assertThat(s.requests()).isZero();
        assertThat(s.p50Nanos()).isZero();
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void requestBodiesAreJson() {
        assertThat(new String(LoadServer.embedBody("say \"hi\" \\ \t ok"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"inputs\":\"say \\\"hi\\\" \\\\ \\u0009 ok\"}");
    }
}

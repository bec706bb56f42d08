package shopsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    final Random random = new Random(1);

    @Test
    void foreverDoublesUpToItsCapWithJitterAndNeverParksOrGivesUp() {
        RetryPolicy policy = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(30));
        long[] expected = {200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            RetryPolicy.Decision d = policy.afterFailure(attempt, 0, 1_000, random);
            assertThat(d.action()).isEqualTo(RetryPolicy.Action.RETRY);
            assertThat(d.retryAtMs() - 1_000).as("attempt %d", attempt)
                    .isBetween((long) (expected[attempt - 1] * 0.8), (long) (expected[attempt - 1] * 1.2));
        }
        long aYearLater = Duration.ofDays(365).toMillis();
        RetryPolicy.Decision late = policy.afterFailure(1_000_000, 0, aYearLater, random);
        assertThat(late.action()).isEqualTo(RetryPolicy.Action.RETRY);
        assertThat(late.retryAtMs() - aYearLater).isBetween(24_000L, 36_000L);
    }
}

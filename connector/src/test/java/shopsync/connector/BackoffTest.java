package shopsync.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import shopsync.events.RetryPolicy;

/** The connector's retry pauses on a clock the test moves. */
class BackoffTest {
    final SteppingClock clock = new SteppingClock();
    final Backoff backoff = new Backoff(RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(30)), clock, new Random(1));

    @Test
    void pausesGrowToTheCapWhileFailingForDaysAndStartOverAfterASuccess() {
        assertThat(backoff.failed().toMillis()).isBetween(160L, 240L);
        assertThat(backoff.failed().toMillis()).isBetween(320L, 480L);
        clock.now += Duration.ofDays(3).toMillis();
        for (int i = 0; i < 20; i++) backoff.failed();
        assertThat(backoff.failed().toMillis()).as("still retrying, at most every 30 s ± 20%").isBetween(24_000L, 36_000L);

        backoff.succeeded();
        assertThat(backoff.failed().toMillis()).isBetween(160L, 240L);
    }

    @Test
    void aPauseLastsUntilTheClockHasMovedOnOrTheCallerStops() throws Exception {
        clock.step = Duration.ofSeconds(1).toMillis();
        assertThat(backoff.pause(Duration.ofSeconds(10), () -> false)).as("ten seconds on the clock, well under one in fact").isTrue();
        assertThat(clock.now).isGreaterThanOrEqualTo(Duration.ofSeconds(10).toMillis());

        AtomicBoolean stopping = new AtomicBoolean();
        clock.step = 0;
        Thread stopper = new Thread(() -> stopping.set(true));
        stopper.start();
        assertThat(backoff.pause(Duration.ofHours(1), stopping::get)).as("the clock stands still, the stop ends it").isFalse();
        stopper.join();
    }

    /** Moves on by {@code step} ms each time it is read. */
    static final class SteppingClock extends Clock {
        volatile long now;
        volatile long step;

        @Override
        public long millis() {
            long t = now;
            now = t + step;
            return t;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}

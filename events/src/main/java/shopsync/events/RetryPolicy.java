package shopsync.events;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a failing request again. Transient failures are retried with exponential backoff and ±20%
 * jitter for up to {@code maxRetryTime}; after that the order is parked and tried every {@code parkInterval};
 * after {@code giveUpAfter} of failures it goes to the dead-letter topic.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxRetryTime, Duration parkInterval,
                          Duration giveUpAfter) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofHours(24));
    }

    /**
     * For what has no dead-letter topic and must not be skipped (the shop database, the capture engine): retries
     * with backoff from {@code initial}, doubling up to {@code max}, and never parks or gives up.
     */
    public static RetryPolicy forever(Duration initial, Duration max) {
        Duration never = Duration.ofMillis(Long.MAX_VALUE);
        return new RetryPolicy(initial, max, never, max, never);
    }

    /** What to do after the {@code attempts}-th failure, the first of which happened at {@code firstFailureMs}. */
    public Decision afterFailure(int attempts, long firstFailureMs, long nowMs, RandomGenerator random) {
        long failingFor = nowMs - firstFailureMs;
        if (failingFor >= giveUpAfter.toMillis()) return new Decision(Action.GIVE_UP, 0);
        if (failingFor >= maxRetryTime.toMillis()) return new Decision(Action.PARK, nowMs + parkInterval.toMillis());
        double exp = initialBackoff.toMillis() * Math.pow(2, Math.min(attempts - 1, 30));
        long backoff = (long) Math.min(exp, maxBackoff.toMillis());
        long jittered = (long) (backoff * (0.8 + 0.4 * random.nextDouble()));
        return new Decision(Action.RETRY, nowMs + Math.max(1, jittered));
    }

    public enum Action { RETRY, PARK, GIVE_UP }

    public record Decision(Action action, long retryAtMs) {}
}

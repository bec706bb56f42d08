package shopsync.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import shopsync.events.RetryPolicy;

/**
 * The pause between attempts at something the connector retries until it works (a write to the shop database, the
 * capture engine), by a {@link RetryPolicy} on an injected clock, so tests decide how time passes. One instance
 * per retrying thread.
 */
public final class Backoff {
    private static final long STEP_MS = 50; // how soon a stop request ends a pause

    private final RetryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private int failures;
    private long firstFailureMs;

    public Backoff(RetryPolicy policy, Clock clock, RandomGenerator random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /** Counts a failure and tells how long to wait before the next attempt. */
    public Duration failed() {
        long now = clock.millis();
        if (failures++ == 0) firstFailureMs = now;
        RetryPolicy.Decision decision = policy.afterFailure(failures, firstFailureMs, now, random);
        if (decision.action() == RetryPolicy.Action.GIVE_UP) throw new IllegalStateException("the connector has nowhere to give up to");
        return Duration.ofMillis(decision.retryAtMs() - now);
    }

    /** The next failure starts again from the initial backoff. */
    public void succeeded() {
        failures = 0;
    }

    /** Waits until {@code pause} has passed on the clock; false when {@code stopping} said so first. */
    public boolean pause(Duration pause, BooleanSupplier stopping) throws InterruptedException {
        long until = clock.millis() + pause.toMillis();
        for (long left = pause.toMillis(); left > 0; left = until - clock.millis()) {
            if (stopping.getAsBoolean()) return false;
            Thread.sleep(Math.min(STEP_MS, left));
        }
        return !stopping.getAsBoolean();
    }
}

package shopsync.sink.delivery;

import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request budget of one CRM account, shared by every thread that talks to it: a token bucket (Bucket4j)
 * that lets through fewer than {@code perSecond} requests in any one-second window, plus a pause the CRM can
 * impose ({@code Retry-After} on a 503/429) during which nobody sends.
 */
public final class RateGate {
    private final Bucket bucket;
    private final Clock clock;
    private final AtomicLong pausedUntilMs = new AtomicLong();
    private final AtomicLong waitedMs = new AtomicLong();

    public RateGate(int perSecond) {
        this(perSecond, Clock.systemUTC());
    }

    /** @param clock when a CRM-imposed pause ends (the bucket keeps its own time source) */
    public RateGate(int perSecond, Clock clock) {
        this.clock = clock;
        // One token at a time, refilled every 1/perSecond s plus a 10% margin: network jitter between our clock
        // and the CRM's must not squeeze an 11th request into its one-second window.
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillIntervally(1, Duration.ofNanos(1_100_000_000L / perSecond)))
                .build();
    }

    /** Blocks until a request may be sent. */
    public void acquire() throws InterruptedException {
        long start = System.nanoTime(); // measures a wait, not a time of day
        long pause = pausedUntilMs.get() - clock.millis();
        if (pause > 0) Thread.sleep(pause);
        bucket.asBlocking().consume(1);
        waitedMs.addAndGet((System.nanoTime() - start) / 1_000_000);
    }

    /** The CRM asked for a break (Retry-After): no thread sends before it is over. */
    public void pauseFor(Duration d) {
        long until = clock.millis() + d.toMillis();
        pausedUntilMs.accumulateAndGet(until, Math::max);
    }

    /** Total time requests spent waiting for the budget, for ops to see rate-limit pressure. */
    public long waitedMs() {
        return waitedMs.get();
    }
}

package shopsync.sink.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request budget of one CRM account, shared by every thread that talks to it. Requests are let through one at a
 * time, each at least an interval after the previous one's release: {@code 1/perSecond} plus a margin for the jitter
 * between our release and the CRM's clock (so threads that wake late together, after a pause or an idle moment, cannot
 * squeeze an extra request into the CRM's second).
 *
 * <p>The margin adapts to the CRM's answers. It starts at {@value #MIN_MARGIN_PERCENT}% (a fixed 10% gave away a tenth
 * of a backlog drain). A "too many requests" answer (503/429) that came while this gate was sending at least half its
 * rate doubles the margin (to at least {@value #FIRST_STEP_PERCENT}%, at most {@value #MAX_MARGIN_PERCENT}%) and
 * remembers a little more than the margin that provoked it as a floor. Every {@value #QUIET_SECONDS} s without one the
 * margin shrinks by a fifth, down to that floor; the floor itself shrinks by a fifth every
 * {@value #FLOOR_MINUTES} minutes without one. A CRM that allows what it documents gets 97% of it; one that allows less
 * (a key shared with another integration) is met at its pace after a few 503s and then probed about every
 * {@value #FLOOR_MINUTES} minutes, not every few seconds. Sparse requests (retries during an outage) change nothing.
 * A pause the CRM imposes ({@code Retry-After}) stops every thread until it is over.
 */
public final class RateGate {
    static final int MIN_MARGIN_PERCENT = 3;
    static final int FIRST_STEP_PERCENT = 6;
    static final int MAX_MARGIN_PERCENT = 100;
    static final int QUIET_SECONDS = 3;
    static final int FLOOR_MINUTES = 2;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final long nominalNanos;
    private final Clock clock;
    private final ReentrantLock turn = new ReentrantLock(true); // fair: requests go in the order they asked
    private final Deque<Long> released = new ArrayDeque<>(); // release times within the last second (guarded by this)
    private final AtomicLong pausedUntilMs = new AtomicLong();
    private final AtomicLong waitedMs = new AtomicLong();
    private final AtomicLong limitedAnswers = new AtomicLong();
    private long lastReleaseNanos;
    private boolean releasedAny;
    private double margin = MIN_MARGIN_PERCENT / 100.0;
    private double floor = MIN_MARGIN_PERCENT / 100.0;
    private long marginChangedNanos = System.nanoTime();
    private long floorChangedNanos = System.nanoTime();
    private long widenedNanos = System.nanoTime() - SECOND;

    public RateGate(int perSecond) {
        this(perSecond, Clock.systemUTC());
    }

    /** @param clock when a CRM-imposed pause ends (the spacing of requests uses the monotonic clock) */
    public RateGate(int perSecond, Clock clock) {
        if (perSecond <= 0) throw new IllegalArgumentException("perSecond must be positive: " + perSecond);
        this.perSecond = perSecond;
        this.nominalNanos = SECOND / perSecond;
        this.clock = clock;
    }

    /** Blocks until a request may be sent. */
    public void acquire() throws InterruptedException {
        long start = System.nanoTime(); // measures a wait, not a time of day
        long pause = pausedUntilMs.get() - clock.millis();
        if (pause > 0) Thread.sleep(pause);
        turn.lockInterruptibly();
        try {
            // From the previous request's actual release: threads that wake late together still go one interval apart.
            long wait;
            while (releasedAny && (wait = lastReleaseNanos + interval() - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(wait);
            lastReleaseNanos = System.nanoTime();
            releasedAny = true;
            noteRelease(lastReleaseNanos);
        } finally {
            turn.unlock();
        }
        waitedMs.addAndGet((System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The CRM answered "too many requests". Counts only when this gate sent at least half its rate in the last second:
     * sparse requests (retries during an outage) are not what the CRM is limiting. Answers to requests that were
     * already on their way widen the margin once per second, not once each.
     */
    public synchronized void limited() {
        limitedAnswers.incrementAndGet();
        long now = System.nanoTime();
        forgetOlderThanASecond(now);
        if (released.size() * 2 < perSecond) return;
        if (now - widenedNanos < SECOND) return;
        double max = MAX_MARGIN_PERCENT / 100.0;
        floor = Math.min(max, Math.max(floor, margin * 1.15));
        margin = Math.min(max, Math.max(FIRST_STEP_PERCENT / 100.0, margin * 2));
        marginChangedNanos = now;
        floorChangedNanos = now;
        widenedNanos = now;
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

    /** "Too many requests" answers reported so far. */
    public long limitedAnswers() {
        return limitedAnswers.get();
    }

    /** Requests per second this gate lets through now. */
    public synchronized double rate() {
        return SECOND / (double) interval();
    }

    private synchronized long interval() {
        long now = System.nanoTime();
        double min = MIN_MARGIN_PERCENT / 100.0;
        // Narrow again after quiet periods: the CRM's pace may have been a passing one.
        while (floor > min && now - floorChangedNanos >= TimeUnit.MINUTES.toNanos(FLOOR_MINUTES)) {
            floor = Math.max(min, floor * 0.8);
            floorChangedNanos += TimeUnit.MINUTES.toNanos(FLOOR_MINUTES);
        }
        while (margin > floor && now - marginChangedNanos >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
            margin = Math.max(floor, margin * 0.8);
            marginChangedNanos += TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
        }
        return Math.round(nominalNanos * (1 + margin));
    }

    private synchronized void noteRelease(long at) {
        released.addLast(at);
        forgetOlderThanASecond(at);
    }

    private void forgetOlderThanASecond(long now) {
        while (!released.isEmpty() && now - released.peekFirst() > SECOND) released.pollFirst();
    }
}

package shopsync.sink.frontpad;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request budget of one Frontpad account, shared by every Frontpad call of the process: at most
 * {@code perMinute} requests in any minute and {@code perSecond} in any second (sliding windows, with the second
 * taken 10% longer against jitter, and the requests of a second evenly spaced in it), below Frontpad's 30 and 2.
 * {@code new_order} comes first: while one waits, nothing else is let through. The rest (article and site checks,
 * then polls, which also give way to a waiting check) may use only what is left after a reserve of a fifth of the
 * minute for new orders, polls spread evenly over it.
 *
 * <p>A token bucket (Bucket4j, as {@code RateGate}) can hold both limits but lets a full bucket's burst and its refill
 * into one sliding minute (or, refilled per interval, two fixed windows' worth across their boundary) and has no
 * priorities, hence the log of recent sends here.
 */
public final class FrontpadBudget {
    /** What a request is for, in the metrics and for its priority. */
    public enum Use {
        NEW_ORDER, POLL, OTHER;

        public String tag() {
            return name().toLowerCase();
        }
    }

    private final int perMinute;
    private final int perSecond;
    private final long minuteMs;
    private final long secondMs;
    private final long gapMs;
    private final int backgroundShare;
    private final long pollSpacingMs;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<long[]> sent = new ArrayDeque<>(); // {atMs, use ordinal} within the last minute
    private final Map<Use, AtomicLong> used = new EnumMap<>(Use.class);
    private final Map<Use, AtomicLong> waitedMs = new EnumMap<>(Use.class);
    private int newOrdersWaiting;
    private int othersWaiting;
    private long lastPollMs = Long.MIN_VALUE / 2;
    private long lastSentMs = Long.MIN_VALUE / 2;

    public FrontpadBudget(int perMinute, int perSecond, Clock clock) {
        this(perMinute, perSecond, Duration.ofMinutes(1), clock);
    }

    /** @param minute one minute, except in tests that cannot wait for real ones (the second is a sixtieth of it) */
    public FrontpadBudget(int perMinute, int perSecond, Duration minute, Clock clock) {
        if (perMinute < 1 || perSecond < 1) throw new IllegalArgumentException("a budget needs at least one request");
        this.perMinute = perMinute;
        this.perSecond = perSecond;
        this.minuteMs = minute.toMillis();
        this.secondMs = minuteMs * 11 / 600;
        this.gapMs = secondMs / perSecond;
        this.backgroundShare = Math.max(1, perMinute - Math.max(1, perMinute / 5));
        this.pollSpacingMs = minuteMs / backgroundShare;
        this.clock = clock;
        for (Use u : Use.values()) {
            used.put(u, new AtomicLong());
            waitedMs.put(u, new AtomicLong());
        }
    }

    /** Blocks until a request for {@code use} may be sent, and counts it. */
    public void acquire(Use use) throws InterruptedException {
        long start = System.nanoTime(); // measures a wait, not a time of day
        lock.lockInterruptibly();
        try {
            waiting(use, 1);
            try {
                long wait;
                while ((wait = waitFor(use, clock.millis())) > 0) changed.await(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
            } finally {
                waiting(use, -1);
            }
            record(use, clock.millis());
        } finally {
            lock.unlock();
        }
        waitedMs.get(use).addAndGet((System.nanoTime() - start) / 1_000_000);
    }

    /** Takes a request for {@code use} if the budget has one now; never waits. */
    public boolean tryAcquire(Use use) {
        lock.lock();
        try {
            long now = clock.millis();
            if (waitFor(use, now) > 0) return false;
            record(use, now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests counted for {@code use} since start. */
    public long used(Use use) {
        return used.get(use).get();
    }

    /** Time requests for {@code use} spent waiting for the budget since start. */
    public long waitedMs(Use use) {
        return waitedMs.get(use).get();
    }

    /** Time all requests spent waiting. */
    public long waitedMs() {
        return waitedMs.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests of any kind the budget still has in the current minute for background use (polls and checks). */
    public int backgroundLeft() {
        lock.lock();
        try {
            long now = clock.millis();
            forget(now);
            return Math.max(0, backgroundShare - count(now - minuteMs, true));
        } finally {
            lock.unlock();
        }
    }

    private void waiting(Use use, int delta) {
        if (use == Use.NEW_ORDER) newOrdersWaiting += delta;
        if (use == Use.OTHER) othersWaiting += delta;
    }

    /** Milliseconds until {@code use} may send, 0 if now. Call with the lock held. */
    private long waitFor(Use use, long now) {
        forget(now);
        long wait = 0;
        if (sent.size() >= perMinute) wait = sent.peekFirst()[0] + minuteMs - now;
        wait = Math.max(wait, untilUnder(perSecond, now - secondMs, false, secondMs, now));
        wait = Math.max(wait, lastSentMs + gapMs - now);
        if (use == Use.NEW_ORDER) return wait;
        if (newOrdersWaiting > 0) return Math.max(wait, 50);
        wait = Math.max(wait, untilUnder(backgroundShare, now - minuteMs, true, minuteMs, now));
        if (use == Use.POLL && othersWaiting > 0) return Math.max(wait, 50);
        if (use == Use.POLL) wait = Math.max(wait, lastPollMs + pollSpacingMs - now);
        return wait;
    }

    /** How long until fewer than {@code limit} sends (background only, or all) are after {@code since}. */
    private long untilUnder(int limit, long since, boolean backgroundOnly, long window, long now) {
        int n = 0;
        for (var it = sent.descendingIterator(); it.hasNext(); ) {
            long[] s = it.next();
            if (s[0] <= since) break;
            if (backgroundOnly && s[1] == Use.NEW_ORDER.ordinal()) continue;
            if (++n >= limit) return s[0] + window - now;
        }
        return 0;
    }

    private int count(long since, boolean backgroundOnly) {
        int n = 0;
        for (long[] s : sent) if (s[0] > since && !(backgroundOnly && s[1] == Use.NEW_ORDER.ordinal())) n++;
        return n;
    }

    private void record(Use use, long now) {
        sent.addLast(new long[] {now, use.ordinal()});
        if (use == Use.POLL) lastPollMs = now;
        lastSentMs = now;
        used.get(use).incrementAndGet();
        changed.signalAll();
    }

    private void forget(long now) {
        while (!sent.isEmpty() && sent.peekFirst()[0] <= now - minuteMs) sent.pollFirst();
    }
}

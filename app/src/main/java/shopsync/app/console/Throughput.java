package shopsync.app.console;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Requests answered by the CRMs and change events read from the shop over the last minute, from the process's own
 * counters ({@code shopsync.requests}, {@code shopsync.cdc.events}) sampled every few seconds: the counters only
 * ever grow, so the rate is the difference between the newest and the oldest sample of the window.
 */
final class Throughput {
    static final Duration WINDOW = Duration.ofSeconds(60);
    private final MeterRegistry registry;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private record Sample(long atMs, double requests, double cdcEvents) {}

    /** @param overSeconds how much time the rates are measured over (0: not yet two samples) */
    record Rates(double requestsPerMinute, double cdcEventsPerMinute, long overSeconds) {}

    Throughput(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    synchronized void sample() {
        long now = clock.millis();
        samples.addLast(new Sample(now, total("shopsync.requests"), total("shopsync.cdc.events")));
        // Keep one sample at or beyond the window's start, so a full window is always measured once there is one.
        while (samples.size() > 2 && now - secondOldest().atMs() >= WINDOW.toMillis()) samples.removeFirst();
    }

    synchronized Rates rates() {
        sample();
        Sample oldest = samples.peekFirst();
        Sample newest = samples.peekLast();
        long ms = newest.atMs() - oldest.atMs();
        if (ms <= 0) return new Rates(0, 0, 0);
        double perMinute = 60_000.0 / ms;
        return new Rates((newest.requests() - oldest.requests()) * perMinute, (newest.cdcEvents() - oldest.cdcEvents()) * perMinute,
                ms / 1000);
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    private double total(String counter) {
        return registry.find(counter).functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }
}

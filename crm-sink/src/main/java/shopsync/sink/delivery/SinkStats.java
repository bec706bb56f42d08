package shopsync.sink.delivery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * What one target's worker has done since start, for the status page and Prometheus. Written by the worker's
 * thread, read by any thread.
 */
public final class SinkStats {
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile int parked;
    private volatile Map<String, String> parkedReasons = Map.of();
    private volatile long lastSuccessMs;
    private volatile long lastErrorMs;
    private volatile String lastError;
    private volatile Timer latency;

    /**
     * Publishes the counters to {@code registry}: requests by outcome, retries, parked orders, and the time from the
     * shop's commit (binlog time) to the CRM's answer.
     */
    public void metrics(String target, MeterRegistry registry) {
        FunctionCounter.builder("shopsync.requests", finished, d -> d.get() - deadLettered.get()).tag("target", target)
                .tag("outcome", "delivered").description("requests the CRM accepted").register(registry);
        FunctionCounter.builder("shopsync.requests", deadLettered, AtomicLong::get).tag("target", target).tag("outcome", "dead-lettered")
                .description("requests sent to sync.dlq").register(registry);
        FunctionCounter.builder("shopsync.retries", retries, AtomicLong::get).tag("target", target).register(registry);
        Gauge.builder("shopsync.parked", this, SinkStats::parked).tag("target", target).description("orders parked").register(registry);
        latency = Timer.builder("shopsync.commit.to.crm").tag("target", target).publishPercentileHistogram()
                .description("shop commit (binlog time) to the CRM's answer").register(registry);
    }

    void delivered(long nowMs, long sourceTsMs) {
        finished.incrementAndGet();
        lastSuccessMs = nowMs;
        Timer timer = latency;
        if (timer != null && sourceTsMs > 0) timer.record(Duration.ofMillis(Math.max(0, nowMs - sourceTsMs)));
    }

    void deadLettered(long nowMs, String reason) {
        finished.incrementAndGet();
        deadLettered.incrementAndGet();
        failed(nowMs, reason);
    }

    void retried(long nowMs, String error) {
        retries.incrementAndGet();
        failed(nowMs, error);
    }

    private void failed(long nowMs, String error) {
        lastErrorMs = nowMs;
        lastError = error;
    }

    void parked(int keys, Map<String, String> some) {
        parked = keys;
        parkedReasons = some;
    }

    void assigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
    }

    void revoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** Requests with a final outcome since start (delivered or dead-lettered). */
    public long delivered() {
        return finished.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Entities currently parked after failing longer than the retry budget. */
    public int parked() {
        return parked;
    }

    /** Some of the parked entities (the oldest), each with the error that keeps it parked. */
    public Map<String, String> parkedReasons() {
        return parkedReasons;
    }

    /** Partitions of the input topic the worker owns now. */
    public int assignedPartitions() {
        return assigned.size();
    }

    /** When the last request was accepted (0: never). */
    public long lastSuccessMs() {
        return lastSuccessMs;
    }

    public long lastErrorMs() {
        return lastErrorMs;
    }

    public String lastError() {
        return lastError;
    }
}

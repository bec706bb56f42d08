package shopsync.processor;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When what a processor forwards becomes visible. Under exactly-once it is visible downstream only at a commit, and a
 * commit costs the stream thread several round trips to the broker, whatever it carries. Two paces:
 * <ul>
 *   <li>live traffic (a change from a row the shop committed moments ago, or a webhook just received) asks for a
 *   commit at once, or as soon as its thread's last one is {@link #LIVE_INTERVAL_CONFIG} old: a lone order goes out
 *   after one commit, a stream of them in commits at most that far apart;</li>
 *   <li>a backlog (catching up after a stop or an outage) is committed at Kafka Streams' own, longer
 *   {@code commit.interval.ms}: fewer, larger transactions, so it drains faster (docs/benchmarks.md).</li>
 * </ul>
 * One instance per processor (so per task); the pace is per stream thread, because under exactly-once v2 a commit
 * commits every task of the thread.
 */
public final class PromptCommit {
    /** Streams property: the longest a live change waits for a commit (processor.commit-interval-ms). */
    public static final String LIVE_INTERVAL_CONFIG = "shopsync.live-commit-interval-ms";
    /** Younger than this when processed, a record is live traffic; older, the processor is catching up. */
    static final long FRESH_MS = 250;
    /**
     * The binlog's event time has whole seconds (MariaDB's event header), so a row committed just now may carry a
     * time up to a second old. A shop database whose clock is behind this one's by more than {@link #FRESH_MS} makes
     * live orders look like a backlog: they then wait for the backlog's commit, and nothing else changes.
     */
    static final long SOURCE_TIME_RESOLUTION_MS = 1000;
    /** Kafka Streams' commit interval under exactly-once when none is configured. */
    private static final long DEFAULT_EXACTLY_ONCE_INTERVAL_MS = 100;
    private static final ThreadLocal<long[]> LAST_REQUEST_MS = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    private final ProcessingContext context;
    private final long intervalMs;
    private boolean pending;

    private PromptCommit(ProcessingContext context, long intervalMs) {
        this.context = context;
        this.intervalMs = intervalMs;
    }

    /** For a processor's {@code init}: also schedules the check that commits a change that had to wait. */
    public static PromptCommit of(ProcessorContext<?, ?> context) {
        Map<String, Object> configs = context.appConfigs(); // a copy per call
        Object live = configs.getOrDefault(LIVE_INTERVAL_CONFIG, configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        long intervalMs = live == null ? DEFAULT_EXACTLY_ONCE_INTERVAL_MS : Long.parseLong(live.toString());
        PromptCommit prompt = new PromptCommit(context, intervalMs);
        context.schedule(Duration.ofMillis(Math.max(1, intervalMs / 5)), PunctuationType.WALL_CLOCK_TIME, now -> prompt.requestIfDue());
        return prompt;
    }

    /**
     * Call after forwarding what a record changed.
     *
     * @param recordTimestampMs when the record was written to Kafka (by the capture or the webhook intake)
     * @param sourceTimeMs when the change happened at its source (the binlog event's time), or the record's timestamp
     */
    public void afterForwarding(long recordTimestampMs, long sourceTimeMs) {
        long now = context.currentSystemTimeMs();
        boolean live = now - recordTimestampMs < FRESH_MS && now - sourceTimeMs < SOURCE_TIME_RESOLUTION_MS + FRESH_MS;
        if (!live) return;
        pending = true;
        requestIfDue();
    }

    private void requestIfDue() {
        if (!pending) return;
        long now = context.currentSystemTimeMs();
        long[] lastRequest = LAST_REQUEST_MS.get();
        if (now - lastRequest[0] < intervalMs) return;
        lastRequest[0] = now;
        pending = false;
        context.commit();
    }
}

package shopsync.processor;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * When what a processor forwards becomes visible. Under exactly-once it is visible downstream only at a commit, and
 * Kafka Streams commits every {@code processor.commit-interval-ms}: a change waits half an interval on average for it.
 * A change that comes alone (this thread forwarded nothing for an interval) from a fresh record (one the capture or
 * the webhook intake wrote moments ago) asks for a commit right after this poll's records instead: a lone order or
 * webhook goes out after one commit. Changes that come in a stream (50 orders a second) or from a backlog commit at
 * the interval: measured, extra commits then cost the processor more time than they save.
 */
public final class PromptCommit {
    /** Younger than this, a record is live traffic; older, the processor is catching up. */
    static final long FRESH_MS = 250;
    private static final ThreadLocal<long[]> LAST_FORWARD_MS = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    private PromptCommit() {}

    /** Call after forwarding what the record {@code recordTimestampMs} changed. */
    public static void afterForwarding(ProcessingContext context, long recordTimestampMs) {
        long now = context.currentSystemTimeMs();
        long[] lastForward = LAST_FORWARD_MS.get();
        boolean alone = now - lastForward[0] >= interval(context);
        lastForward[0] = now;
        if (alone && now - recordTimestampMs < FRESH_MS) context.commit();
    }

    private static long interval(ProcessingContext context) {
        Object configured = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return configured == null ? Long.MAX_VALUE : Long.parseLong(configured.toString());
    }
}

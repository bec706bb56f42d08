package shopsync.sink;

import java.util.List;
import java.util.Map;
import shopsync.events.Target;
import shopsync.sink.delivery.SinkStats;

/**
 * How one target's delivery is doing, for the status page.
 *
 * @param alive its worker thread is running
 * @param rateLimitWaitMs total time requests waited for the account's request budget
 * @param progress the target's own counts (e.g. a backfill's)
 * @param attention what about the target needs a person now, one line each
 */
public record TargetStatus(Target target, boolean alive, SinkStats stats, long rateLimitWaitMs, Map<String, Long> progress,
                           List<String> attention) {}

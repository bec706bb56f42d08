package shopsync.sink;

import shopsync.events.Target;
import shopsync.sink.delivery.SinkStats;

/**
 * How one target's delivery is doing, for the status page.
 *
 * @param alive its worker thread is running
 * @param rateLimitWaitMs total time requests waited for the account's request budget
 */
public record TargetStatus(Target target, boolean alive, SinkStats stats, long rateLimitWaitMs) {}

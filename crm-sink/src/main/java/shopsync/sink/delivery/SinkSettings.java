package shopsync.sink.delivery;

import shopsync.events.RetryPolicy;

/**
 * How every target's requests are delivered.
 *
 * @param threads requests (or batches) in flight at once per target; one entity's requests still go one at a time
 * @param retry when a failing request is tried again, parked or dead-lettered
 */
public record SinkSettings(int threads, RetryPolicy retry) {}

package shopsync.sink.delivery;

import shopsync.events.RetryPolicy;

/**
 * How every target's requests are delivered.
 *
 * @param threads requests (or batches) in flight at once per target; one entity's requests still go one at a time
 * @param retry when a failing request is tried again, parked or dead-lettered
 * @param trail whether each attempt and its answer go to the order's trail ({@code shopsync.trail})
 */
public record SinkSettings(int threads, RetryPolicy retry, boolean trail) {

    /** With the trail on. */
    public SinkSettings(int threads, RetryPolicy retry) {
        this(threads, retry, true);
    }
}

/**
 * The CRM side of shopsync: consumes target-shaped sync requests and delivers them over HTTP. Each CRM is one
 * {@link shopsync.sink.CrmTarget} in its own package ({@code retailcrm}, {@code frontpad}), opened from its typed
 * settings; {@link shopsync.sink.SinkService} runs every enabled target alike. The shared packages know no CRM:
 * {@code delivery} (the loop that records every outcome in {@code sync.results}, and every request that cannot
 * succeed in {@code sync.dlq}, before committing), {@code inbound} (webhook plumbing and what is written to
 * {@code crm.inbound}) and {@code notify}. Dependencies point from the CRM packages to the shared ones, never back.
 */
package shopsync.sink;

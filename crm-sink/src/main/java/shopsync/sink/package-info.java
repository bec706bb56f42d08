/**
 * The CRM side of shopsync: consumes target-shaped sync requests and delivers them over HTTP, one package
 * per CRM ({@code retailcrm}), with the delivery loop that records every outcome in {@code sync.results}
 * and every request that cannot succeed in {@code sync.dlq}.
 */
package shopsync.sink;

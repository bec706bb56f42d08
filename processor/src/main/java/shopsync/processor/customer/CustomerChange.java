package shopsync.processor.customer;

import shopsync.events.CustomerSnapshot;

/**
 * A customer profile the CRMs must learn about.
 *
 * @param fromSnapshot the shop already had it when shopsync started following it (a snapshot read): a backfill
 */
public record CustomerChange(CustomerSnapshot customer, boolean fromSnapshot) {}

/**
 * The Kafka Streams side of shopsync: row events of the shop become complete customer and order snapshots
 * ({@code shop.customers}, {@code shop.orders}) and CRM-shaped sync requests ({@code sync.retailcrm}); with them,
 * in the same transactions, each order's trail lines ({@code shopsync.trail}).
 * {@link shopsync.processor.ShopTopology#build} is a pure function, so tests drive the very topology that
 * runs in production through {@code TopologyTestDriver}.
 */
package shopsync.processor;

/**
 * The shop-database side of shopsync: Debezium's embedded MariaDB connector reads the binlog of the
 * miniShop2 tables and forwards each row event, unchanged, to the {@code shop.cdc.*} topic of its entity,
 * keyed so that every row of one order (or one customer) lands in one partition in commit order.
 */
package shopsync.connector;

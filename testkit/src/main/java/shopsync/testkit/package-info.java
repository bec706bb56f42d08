/**
 * Stand-ins for the world around shopsync, for the tests and for {@code shopsync demo}/{@code bench}: a private
 * MariaDB with the miniShop2 schema and binlog on, a fixture that writes to it the way miniShop2 does, strict
 * RetailCRM and Frontpad API emulators with fault injection, and a probe that reads whole topics. Never on the
 * runtime classpath of {@code shopsync run}.
 */
package shopsync.testkit;

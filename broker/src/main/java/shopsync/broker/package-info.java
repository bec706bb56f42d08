/**
 * The embedded Kafka broker of {@code shopsync run}: a single-node KRaft broker from Kafka's production jars,
 * started inside the shopsync process when no external broker is configured, and by the tests and the demo.
 * It is part of the application, so the application never needs the test kit to run.
 */
package shopsync.broker;

/**
 * What the modules say to each other through Kafka: the immutable records on the topics ({@code OrderSnapshot},
 * {@code SyncRequest}, {@code SyncResult}, {@code CrmEvent}, {@code ShopCommand}, {@code DeadLetter}, {@code TrailEntry}), their JSON
 * serdes, and the registry that declares every topic once ({@link shopsync.events.Topics}: name, key and value
 * types, serdes). {@code shopsync.events.kafka} holds the Kafka clients shopsync builds by hand
 * ({@link shopsync.events.kafka.KafkaClients}), the acknowledged producer and the whole-topic reader.
 */
package shopsync.events;

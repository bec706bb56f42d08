package shopsync.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;
import shopsync.events.CustomerSnapshot;
import shopsync.events.DeadLetter;
import shopsync.events.JsonSerde;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.ShopCommand;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.processor.customer.CustomerAssembler;
import shopsync.processor.customer.CustomerRows;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.processor.inbound.InboundStatusProcessor;
import shopsync.processor.order.OrderAssembler;
import shopsync.processor.order.OrderChange;
import shopsync.processor.order.OrderState;
import shopsync.processor.retailcrm.RetailCrmRequests;

/** The whole processor as one pure function of its settings. */
public final class ShopTopology {
    public static final String CUSTOMER_ROWS = "customer-rows";
    public static final String ORDER_STATE = "order-state";
    public static final String CUSTOMERS_GLOBAL = "customers-global";
    public static final String CATALOG_GLOBAL = "catalog-global";

    private ShopTopology() {}

    public static Topology build(StreamsBuilder builder, TopologySettings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_ROWS),
                Serdes.String(), new JsonSerde<>(CustomerRows.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDER_STATE),
                Serdes.String(), new JsonSerde<>(OrderState.class)).withCachingEnabled());
        builder.globalTable(Topics.CUSTOMERS.name(), Topics.CUSTOMERS.consumed(), Materialized.as(CUSTOMERS_GLOBAL));
        builder.globalTable(Topics.CDC_CATALOG.name(), Topics.CDC_CATALOG.consumed(), Materialized.as(CATALOG_GLOBAL));

        KStream<String, CustomerSnapshot> customers = builder.stream(Topics.CDC_CUSTOMERS.name(), Topics.CDC_CUSTOMERS.consumed())
                .process(() -> new CustomerAssembler(settings.tablePrefix()), CUSTOMER_ROWS);
        customers.to(Topics.CUSTOMERS.name(), Topics.CUSTOMERS.produced());

        KStream<String, OrderChange> orders = builder.stream(Topics.CDC_ORDERS.name(), Topics.CDC_ORDERS.consumed())
                .process(() -> new OrderAssembler(settings.tablePrefix(), settings.draftStatuses()), ORDER_STATE);
        orders.mapValues(OrderChange::snapshot).to(Topics.ORDERS.name(), Topics.ORDERS.produced());

        Map<String, Map<String, Integer>> statusesBack = new HashMap<>();
        if (settings.retailCrm() != null) {
            statusesBack.put(RetailCrmRequests.TARGET, settings.retailCrm().statusesBack());
            RetailCrmRequests retailCrm = new RetailCrmRequests(settings.retailCrm());
            customers.map((id, customer) -> KeyValue.pair("customer:" + id, retailCrm.customerUpsert(customer)))
                    .to(Topics.SYNC_RETAILCRM.name(), Topics.SYNC_RETAILCRM.produced());
            route(orders.mapValues(retailCrm::translate), Topics.SYNC_RETAILCRM, RetailCrmRequests.TARGET);
        }
        if (settings.frontpad() != null) {
            statusesBack.put(FrontpadRequests.TARGET, settings.frontpad().statusesBack());
            route(orders.mapValues(new FrontpadRequests(settings.frontpad())::translate), Topics.SYNC_FRONTPAD, FrontpadRequests.TARGET);
        }
        if (!statusesBack.isEmpty()) {
            KStream<String, InboundStatusProcessor.Outcome> inbound = builder.stream(Topics.CRM_INBOUND.name(), Topics.CRM_INBOUND.consumed())
                    .process(() -> new InboundStatusProcessor(Map.copyOf(statusesBack)), ORDER_STATE);
            inbound.flatMapValues(o -> o.command() == null ? List.<ShopCommand>of() : List.of(o.command()))
                    .to(Topics.SHOP_COMMANDS.name(), Topics.SHOP_COMMANDS.produced());
            inbound.flatMapValues(o -> o.result() == null ? List.<SyncResult>of() : List.of(o.result()))
                    .to(Topics.SYNC_RESULTS.name(), Topics.SYNC_RESULTS.produced());
        }
        return builder.build();
    }

    /** A target's requests to its sync topic (keyed by order), its dead letters to sync.dlq (keyed by target and order). */
    private static void route(KStream<String, Translation> translated, Topic<String, SyncRequest> topic, String target) {
        translated.flatMap((orderId, t) -> t.requests().stream().map(r -> KeyValue.pair("order:" + orderId, r)).toList())
                .to(topic.name(), topic.produced());
        translated.flatMap((orderId, t) -> t.deadLetter() == null ? List.<KeyValue<String, DeadLetter>>of()
                        : List.of(KeyValue.pair(target + ":" + orderId, t.deadLetter())))
                .to(Topics.SYNC_DLQ.name(), Topics.SYNC_DLQ.produced());
    }
}

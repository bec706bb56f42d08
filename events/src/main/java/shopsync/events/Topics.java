package shopsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The topic registry: every topic shopsync reads or writes. */
public final class Topics {
    private static final Serde<String> KEY = Serdes.String();

    /** Debezium envelopes of users and user attributes, key: MODX user id. */
    public static final Topic<String, JsonNode> CDC_CUSTOMERS = raw("shop.cdc.customers");
    /** Debezium envelopes of orders, addresses, items and status-log rows, key: order id. */
    public static final Topic<String, JsonNode> CDC_ORDERS = raw("shop.cdc.orders");
    /** Debezium envelopes of reference tables, key: {@code <table>:<id>} (e.g. {@code ms2_products:7}). */
    public static final Topic<String, JsonNode> CDC_CATALOG =
            new Topic<>("shop.cdc.catalog", KEY, new JsonSerde<>(JsonNode.class), true);

    /**
     * Debezium envelopes of the shop's catalog, key: resource id: resources ({@code site_content}: products, categories
     * and every other page), product data ({@code ms2_products}), msOptionsPrice2 modifications and their options (keyed by
     * their product); and vendors ({@code ms2_vendors}), key {@code vendor:<id>}. One product's rows arrive in commit order.
     */
    public static final Topic<String, JsonNode> CDC_PRODUCTS = raw("shop.cdc.products");

    public static final Topic<String, CustomerSnapshot> CUSTOMERS =
            new Topic<>("shop.customers", KEY, new JsonSerde<>(CustomerSnapshot.class), true);
    public static final Topic<String, OrderSnapshot> ORDERS =
            new Topic<>("shop.orders", KEY, new JsonSerde<>(OrderSnapshot.class), true);

    /**
     * The shop's catalog as the processor keeps it from {@link #CDC_PRODUCTS}, key: {@code product:<id>},
     * {@code category:<id>}, {@code vendor:<id>} ({@link CatalogEntry}); a tombstone when it left the catalog
     * (unpublished, deleted). The ICML feed is rendered from it.
     */
    public static final Topic<String, CatalogEntry> CATALOG =
            new Topic<>("shopsync.catalog", KEY, new JsonSerde<>(CatalogEntry.class), true);

    /** RetailCRM (API v5): customers and orders, requests keyed by {@link SyncKey}. */
    public static final Target RETAILCRM = declare("retailcrm");
    /** Frontpad (delivery and cafe CRM): {@code new_order} fields, requests keyed by {@link SyncKey#order}. */
    public static final Target FRONTPAD = declare("frontpad");
    /** Every CRM target; adding one is one line here plus its own packages (docs/architecture.md). */
    public static final List<Target> TARGETS = List.of(RETAILCRM, FRONTPAD);
    /**
     * Frontpad has no idempotency key: the ledger of what was sent, key: shop order id, value: JSON
     * {@code {state, frontpadOrderId, orderNumber, ...}}.
     */
    public static final Topic<String, JsonNode> FRONTPAD_LEDGER =
            new Topic<>("frontpad.ledger", KEY, new JsonSerde<>(JsonNode.class), true);
    public static final Topic<String, SyncResult> SYNC_RESULTS =
            new Topic<>("sync.results", KEY, new JsonSerde<>(SyncResult.class), false);
    public static final Topic<String, DeadLetter> SYNC_DLQ =
            new Topic<>("sync.dlq", KEY, new JsonSerde<>(DeadLetter.class), false);

    /**
     * CRM status changes, key: shop order id. Keyed and partitioned like {@link #CDC_ORDERS} so the processor
     * sees an order's CRM events and row events in one task.
     */
    public static final Topic<String, CrmEvent> CRM_INBOUND =
            new Topic<>("crm.inbound", KEY, new JsonSerde<>(CrmEvent.class), false);
    /** Statuses to set in the shop, key: shop order id. */
    public static final Topic<String, ShopCommand> SHOP_COMMANDS =
            new Topic<>("shop.commands", KEY, new JsonSerde<>(ShopCommand.class), false);
    /** Where each CRM poller stopped, key: poller name (e.g. {@code retailcrm.history}), value: its cursor. */
    public static final Topic<String, String> CRM_CURSORS =
            new Topic<>("crm.cursors", KEY, Serdes.String(), true);

    /**
     * What happened to each order, step by step ({@link TrailEntry}), key: shop order id, partitioned like
     * {@link #CDC_ORDERS}. Deleted by time ({@code trail.retention}), not compacted: every entry of an order counts.
     */
    public static final Topic<String, TrailEntry> TRAIL =
            new Topic<>("shopsync.trail", KEY, new JsonSerde<>(TrailEntry.class), false);

    /** Debezium signals ({@code shopsync resnapshot}), key: the capture's topic prefix. */
    public static final Topic<String, String> CDC_SIGNALS =
            new Topic<>("shopsync.cdc.signals", KEY, Serdes.String(), false);

    /** The processor's Kafka Streams application id, which is also its consumer group: how far it has read each input. */
    public static final String PROCESSOR_GROUP = "shopsync-processor";

    public static final List<Topic<?, ?>> ALL = List.of(CDC_SIGNALS, CDC_CUSTOMERS, CDC_ORDERS, CDC_CATALOG, CDC_PRODUCTS, CUSTOMERS, ORDERS, CATALOG,
            RETAILCRM.syncTopic(), FRONTPAD.syncTopic(), FRONTPAD_LEDGER, SYNC_RESULTS, SYNC_DLQ, CRM_INBOUND, SHOP_COMMANDS, CRM_CURSORS,
            TRAIL);

    private Topics() {}

    /** The target called {@code name}, or an exception naming the known ones. */
    public static Target target(String name) {
        return TARGETS.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown target '" + name + "' (known: " + TARGETS.stream().map(Target::name).toList() + ")"));
    }

    private static Target declare(String name) {
        return new Target(name, new Topic<>("sync." + name, KEY, new JsonSerde<>(SyncRequest.class), false));
    }

    private static Topic<String, JsonNode> raw(String name) {
        return new Topic<>(name, KEY, new JsonSerde<>(JsonNode.class), false);
    }
}

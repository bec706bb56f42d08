package shopsync.processor.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CustomerSnapshot;
import shopsync.events.Json;
import shopsync.events.OrderSnapshot;
import shopsync.events.TrailEntry;
import shopsync.processor.BinlogPosition;
import shopsync.processor.PromptCommit;
import shopsync.processor.Rows;
import shopsync.processor.trail.TrailNotes;

/**
 * Assembles complete orders from the row events of one order, which arrive on one partition in commit
 * order: order row (status 0), address, items, status update, log row. miniShop2 writes them without a
 * transaction, so an order is complete when its status leaves 0/draft; drafts and abandoned checkouts never
 * leave this class. After that, every change that alters the snapshot is forwarded once. With the trail on, every
 * streamed row event also yields its line in the order's trail (what was captured, and what it completed or changed);
 * rows read by a snapshot only show in the trail through the order they assemble.
 */
public final class OrderAssembler implements Processor<String, JsonNode, String, OrderStep> {
    private static final Logger log = LoggerFactory.getLogger(OrderAssembler.class);
    /** How long a status commanded by a CRM is awaited from the shop before a same-status change counts as the shop's own. */
    static final long ECHO_TTL_MS = 10 * 60 * 1000;
    /** How long before an order its customer's profile must have gone out for the order not to send the customer again. */
    static final long CUSTOMER_SETTLED_MS = 2 * 60 * 1000;
    /** Global tables the assembler completes an order from: customers (shop.customers) and reference rows (shop.cdc.catalog). */
    public static final String CUSTOMERS_STORE = "customers-global";
    public static final String CATALOG_STORE = "catalog-global";

    private final String tablePrefix;
    private final Set<Integer> draftStatuses;
    private final Map<String, Set<Integer>> paidStatuses;
    private final boolean trail;
    private ProcessorContext<String, OrderStep> context;
    private KeyValueStore<String, OrderState> store;
    private TimestampedKeyValueStore<String, CustomerSnapshot> customers;
    private TimestampedKeyValueStore<String, JsonNode> catalog;
    private PromptCommit promptCommit;

    /**
     * @param paidStatuses per target, the shop statuses at which it marks the order's payment paid (once)
     * @param trail whether to write the order's trail lines
     */
    public OrderAssembler(String tablePrefix, Set<Integer> draftStatuses, Map<String, Set<Integer>> paidStatuses, boolean trail) {
        this.tablePrefix = tablePrefix;
        this.draftStatuses = draftStatuses;
        this.paidStatuses = paidStatuses;
        this.trail = trail;
    }

    @Override
    public void init(ProcessorContext<String, OrderStep> context) {
        this.context = context;
        this.store = context.getStateStore(OrderState.STORE);
        this.customers = context.getStateStore(CUSTOMERS_STORE);
        this.catalog = context.getStateStore(CATALOG_STORE);
        this.promptCommit = PromptCommit.of(context);
    }

    @Override
    public void process(Record<String, JsonNode> record) {
        if (record.key() == null || record.value() == null) return;
        JsonNode envelope = record.value();
        String table = Rows.table(envelope, tablePrefix);
        OrderState state = Objects.requireNonNullElseGet(store.get(record.key()), OrderState::empty);
        BinlogPosition position = BinlogPosition.of(envelope);
        if (position != null && position.isReplayAfter(state.applied())) {
            log.debug("order {}: replayed row event at {} ignored", record.key(), position);
            if (trail) context.forward(record.withValue(new OrderStep(null, List.of(captured(record, table, true)), context.currentSystemTimeMs())));
            return;
        }
        JsonNode after = Rows.after(envelope);
        switch (table == null ? "" : table) {
            case "ms2_orders" -> state = state.withOrder(after);
            case "ms2_order_addresses" -> state = state.withAddress(after);
            case "ms2_order_products" -> {
                JsonNode row = after != null ? after : Rows.before(envelope);
                state = state.withItem(Rows.text(row, "id"), after);
            }
            default -> {
                // Status-log rows repeat what the order row already said: nothing to compare or send.
                store.put(record.key(), state.withApplied(position));
                if (trail && position != null) context.forward(record.withValue(new OrderStep(null, List.of(captured(record, table, false)), context.currentSystemTimeMs())));
                return;
            }
        }
        state = state.withApplied(position);
        OrderChange change = change(state, Rows.sourceTimeMs(envelope));
        if (change != null) {
            state = state.withForwarded(change.snapshot());
            Set<String> echoOf = new TreeSet<>();
            if (change.kind() == OrderChange.Kind.STATUS_CHANGED) state = settleEchoes(state, change.snapshot().status(), echoOf);
            change = new OrderChange(change.kind(), change.snapshot(), change.sourceTsMs(), echoOf).withFromSnapshot(Rows.snapshotRead(envelope));
            Set<String> paidFor = firstPaid(state, change.snapshot().status());
            state = state.withPaymentMarked(paidFor);
            change = change.withPaidFor(paidFor).withCustomerSettled(customerSettled(change.snapshot(), record.timestamp()));
        }
        store.put(record.key(), state);
        List<TrailEntry> lines = trail ? trailLines(record, table, position != null, change) : List.of();
        if (change != null || !lines.isEmpty()) context.forward(record.withValue(new OrderStep(change, lines, context.currentSystemTimeMs())));
        if (change != null) promptCommit.afterForwarding(record.timestamp(), Rows.sourceTimeMs(envelope));
    }

    /** The row's line (for a streamed row; a snapshot's rows are not news) and the change's, in that order. */
    private List<TrailEntry> trailLines(Record<String, JsonNode> record, String table, boolean streamed, OrderChange change) {
        List<TrailEntry> lines = new ArrayList<>(2);
        if (streamed) lines.add(captured(record, table, false));
        if (change != null) lines.add(TrailNotes.assembled(change, context.currentSystemTimeMs()));
        return lines;
    }

    private TrailEntry captured(Record<String, JsonNode> record, String table, boolean replay) {
        return TrailNotes.captured(record.key(), table, record.value(), context.currentSystemTimeMs(), replay);
    }

    /**
     * A status some CRM asked for has come back from the shop: that CRM gets nothing (it knows), the others
     * get the change as usual. An expectation that never came back (the shop refused the command) expires.
     */
    private OrderState settleEchoes(OrderState state, int status, Set<String> echoOf) {
        long now = context.currentSystemTimeMs();
        for (var e : state.crm().entrySet()) {
            OrderState.CrmMark mark = e.getValue();
            if (mark.echoStatus() == null) continue;
            // Past the TTL the same status is the shop's own change (a manager's), no longer the write-back's.
            boolean expired = now - mark.commandedAtMs() > ECHO_TTL_MS;
            boolean matched = !expired && mark.echoStatus() == status;
            if (matched) echoOf.add(e.getKey());
            if (matched || expired) {
                state = state.withCrmMark(e.getKey(), new OrderState.CrmMark(mark.status(), mark.eventTimeMs(),
                        mark.historyId(), null, 0));
            }
        }
        return state;
    }

    /**
     * The order's customer profile reached {@code shop.customers} (and, from the same processor, every CRM's sync topic)
     * at least {@link #CUSTOMER_SETTLED_MS} before this order's row event: a returning customer, whom the CRMs have.
     * A customer registered at this checkout is not settled, and the order carries its customer itself.
     */
    private boolean customerSettled(OrderSnapshot snapshot, long recordTimeMs) {
        if (snapshot.customer() == null) return false;
        ValueAndTimestamp<CustomerSnapshot> profile = customers.get(String.valueOf(snapshot.userId()));
        return profile != null && profile.value().equals(snapshot.customer()) && profile.timestamp() <= recordTimeMs - CUSTOMER_SETTLED_MS;
    }

    /** The targets for which {@code status} is a paid status and the order's payment has not been marked yet. */
    private Set<String> firstPaid(OrderState state, int status) {
        Set<String> out = new TreeSet<>();
        paidStatuses.forEach((target, paid) -> {
            if (paid.contains(status) && !state.paymentMarked().contains(target)) out.add(target);
        });
        return out;
    }

    private OrderChange change(OrderState state, long sourceTsMs) {
        if (state.order() == null) return null;
        int status = (int) Rows.number(state.order(), "status");
        if (status == 0 || draftStatuses.contains(status)) return null;
        if (state.forwarded() == null && state.items().isEmpty()) {
            return null; // a status without items: wait for the item rows that complete the order
        }
        OrderSnapshot snapshot = snapshot(state);
        OrderState.Forwarded previous = state.forwarded();
        if (previous == null) {
            log.info("order {} complete with status {}, {} item(s)", snapshot.id(), status, snapshot.items().size());
            return new OrderChange(OrderChange.Kind.CREATED, snapshot, sourceTsMs);
        }
        OrderState.Forwarded now = OrderState.Forwarded.of(snapshot);
        if (!now.rowsDigest().equals(previous.rowsDigest())) return new OrderChange(OrderChange.Kind.UPDATED, snapshot, sourceTsMs);
        if (now.status() != previous.status()) return new OrderChange(OrderChange.Kind.STATUS_CHANGED, snapshot, sourceTsMs);
        return null;
    }

    private OrderSnapshot snapshot(OrderState state) {
        JsonNode o = state.order();
        JsonNode a = state.address();
        OrderSnapshot.Address address = a == null ? null : new OrderSnapshot.Address(Rows.text(a, "receiver"),
                Rows.text(a, "phone"), Rows.text(a, "email"), Rows.text(a, "country"), Rows.text(a, "index"),
                Rows.text(a, "region"), Rows.text(a, "city"), Rows.text(a, "metro"), Rows.text(a, "street"),
                Rows.text(a, "building"), Rows.text(a, "entrance"), Rows.text(a, "floor"), Rows.text(a, "room"),
                Rows.text(a, "comment"), Rows.text(a, "text_address"));
        List<OrderSnapshot.Item> items = new ArrayList<>();
        for (JsonNode i : state.items().values()) {
            long productId = Rows.number(i, "product_id");
            JsonNode options = options(i);
            items.add(new OrderSnapshot.Item(Rows.number(i, "id"), productId, article(options, productId), Rows.text(i, "name"),
                    (int) Rows.number(i, "count"), Rows.decimal(i, "price"), Rows.decimal(i, "cost"), Rows.decimal(i, "weight"),
                    modification(options)));
        }
        long userId = Rows.number(o, "user_id");
        ValueAndTimestamp<CustomerSnapshot> customer = customers.get(String.valueOf(userId));
        return new OrderSnapshot(Rows.number(o, "id"), Rows.text(o, "num"), userId, (int) Rows.number(o, "status"),
                Rows.dateTime(o, "createdon"), Rows.decimal(o, "cost"), Rows.decimal(o, "cart_cost"),
                Rows.decimal(o, "delivery_cost"), Rows.decimal(o, "weight"), Rows.number(o, "delivery"),
                catalogText("ms2_deliveries", Rows.number(o, "delivery"), "name"), Rows.number(o, "payment"),
                catalogText("ms2_payments", Rows.number(o, "payment"), "name"), Rows.text(o, "order_comment"),
                Rows.text(o, "context"), extraFields(o, a), address, List.copyOf(items), customer == null ? null : customer.value());
    }

    /** Scalar entries of the order's and the address's {@code properties} JSON; the address wins on a clash. */
    private static Map<String, String> extraFields(JsonNode order, JsonNode address) {
        Map<String, String> fields = new TreeMap<>();
        for (JsonNode row : new JsonNode[] {order, address}) {
            String json = Rows.text(row, "properties");
            if (json == null) continue;
            try {
                JsonNode props = Json.parse(json);
                props.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode() && !e.getValue().isNull()) fields.put(e.getKey(), e.getValue().asText());
                });
            } catch (RuntimeException notJson) {
                // properties that are not a JSON object carry nothing for the CRMs
            }
        }
        return fields;
    }

    /** The line's {@code options} JSON (the options chosen for it: size, color, an msOptionsPrice2 modification…), or null. */
    private static JsonNode options(JsonNode line) {
        String options = Rows.text(line, "options");
        if (options == null || !options.startsWith("{")) return null;
        try {
            return Json.parse(options);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /**
     * The line's article: a modification chosen with msOptionsPrice2 carries its own article in the line's
     * {@code options} JSON; otherwise the product's ({@code ms2_products.article}).
     */
    private String article(JsonNode options, long productId) {
        String modification = options == null ? null : Rows.text(options, "article");
        return modification != null ? modification : catalogText("ms2_products", productId, "article");
    }

    /**
     * The msOptionsPrice2 modification of the line: its {@code msOnBeforeAddToCart} plugin puts the chosen
     * modification's id ({@code msop_modifications.id}, class {@code msopModification}) into the cart item's options
     * as {@code modification}, and miniShop2 stores those options in {@code ms2_order_products.options}; modRetailCRM
     * reads {@code $product['options']['modification']} (biz87/modRetailCRM-2.0 {@code orders.class.php}). 0 or
     * empty: no modification, the product itself.
     */
    private static Long modification(JsonNode options) {
        JsonNode id = options == null ? null : options.get("modification");
        if (id == null || !(id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}"))) return null;
        long value = id.asLong();
        return value > 0 ? value : null;
    }

    private String catalogText(String table, long id, String column) {
        ValueAndTimestamp<JsonNode> row = catalog.get(table + ":" + id);
        return row == null ? null : Rows.text(Rows.after(row.value()), column);
    }

}

package shopsync.processor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import shopsync.events.DeadLetter;
import shopsync.events.ShopCommand;
import shopsync.events.SyncKey;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.processor.catalog.CatalogAssembler;
import shopsync.processor.catalog.CatalogChange;
import shopsync.processor.catalog.CatalogRows;
import shopsync.processor.customer.CustomerAssembler;
import shopsync.processor.customer.CustomerChange;
import shopsync.processor.customer.CustomerRows;
import shopsync.processor.inbound.InboundStatusProcessor;
import shopsync.processor.order.OrderAssembler;
import shopsync.processor.order.OrderState;
import shopsync.processor.order.OrderStep;
import shopsync.processor.trail.TrailNotes;

/** The whole processor as one pure function of its settings. */
public final class ShopTopology {

    private ShopTopology() {}

    public static Topology build(StreamsBuilder builder, TopologySettings settings) {
        builder.addStateStore(CustomerRows.storeBuilder());
        builder.addStateStore(OrderState.storeBuilder());
        builder.globalTable(Topics.CUSTOMERS.name(), Consumed.with(Serdes.String(), GlobalRowMemo.of(Topics.CUSTOMERS)), Materialized.as(OrderAssembler.CUSTOMERS_STORE));
        builder.globalTable(Topics.CDC_CATALOG.name(), Consumed.with(Serdes.String(), GlobalRowMemo.of(Topics.CDC_CATALOG)), Materialized.as(OrderAssembler.CATALOG_STORE));

        KStream<String, CustomerChange> customers = builder.stream(Topics.CDC_CUSTOMERS.name(), Topics.CDC_CUSTOMERS.consumed())
                .process(() -> new CustomerAssembler(settings.tablePrefix()), CustomerRows.STORE);
        customers.mapValues(CustomerChange::customer).to(Topics.CUSTOMERS.name(), Topics.CUSTOMERS.produced());

        KStream<String, OrderStep> steps = builder.stream(Topics.CDC_ORDERS.name(), Topics.CDC_ORDERS.consumed())
                .process(() -> new OrderAssembler(settings.tablePrefix(), settings.draftStatuses(), paidStatuses(settings.targets()),
                        settings.trail()), OrderState.STORE);
        // First among the steps' children: a row's trail lines go out before the lines of what it led to.
        if (settings.trail()) steps.flatMapValues(OrderStep::trail).to(Topics.TRAIL.name(), Topics.TRAIL.produced());
        KStream<String, OrderStep> changes = steps.filter((id, step) -> step.change() != null);
        changes.mapValues(step -> step.change().snapshot()).to(Topics.ORDERS.name(), Topics.ORDERS.produced());

        for (TargetTranslator translator : settings.targets()) route(customers, changes, translator, settings.trail());
        if (!settings.targets().isEmpty()) statusesBack(builder, settings.targets(), settings.trail());
        catalog(builder, settings);
        return builder.build();
    }

    /** One order change and what one CRM makes of it. */
    private record Translated(OrderStep step, Translation translation) {}
    /**
     * The shop's catalog, kept from its row events into {@code shopsync.catalog} (what the ICML feed is rendered from),
     * and what each CRM makes of its changes (offer stock and prices), keyed by offer.
     */
    private static void catalog(StreamsBuilder builder, TopologySettings settings) {
        builder.addStateStore(CatalogRows.storeBuilder());
        KStream<String, CatalogChange> catalog = builder.stream(Topics.CDC_PRODUCTS.name(), Topics.CDC_PRODUCTS.consumed())
                .process(() -> new CatalogAssembler(settings.tablePrefix()), CatalogRows.STORE);
        catalog.mapValues(CatalogChange::after).to(Topics.CATALOG.name(), Topics.CATALOG.produced());
        for (TargetTranslator translator : settings.targets()) {
            var topic = translator.target().syncTopic();
            catalog.flatMap((key, change) -> translator.catalog(change).stream().map(r -> KeyValue.pair(r.entityId(), r)).toList())
                    .to(topic.name(), topic.produced());
        }
    }

    private static Map<String, Set<Integer>> paidStatuses(List<TargetTranslator> targets) {
        return targets.stream().collect(Collectors.toUnmodifiableMap(t -> t.target().name(), TargetTranslator::paidStatuses));
    }

    /**
     * A target's requests to its sync topic (keyed by entity), its dead letters to sync.dlq (keyed by target and order),
     * and, with the trail on, what became of each change for it to the order's trail.
     */
    private static void route(KStream<String, CustomerChange> customers, KStream<String, OrderStep> changes,
                              TargetTranslator translator, boolean trail) {
        var topic = translator.target().syncTopic();
        customers.flatMap((id, customer) -> translator.customer(customer).stream().map(r -> KeyValue.pair(SyncKey.customer(id), r)).toList())
                .to(topic.name(), topic.produced());
        KStream<String, Translated> translated = changes.mapValues(step -> new Translated(step, translator.translate(step.change())));
        if (trail) {
            translated.flatMapValues(t -> TrailNotes.translated(translator.target(), t.step().change(), t.translation(), t.step().atMs()))
                    .to(Topics.TRAIL.name(), Topics.TRAIL.produced());
        }
        translated.flatMap((orderId, t) -> t.translation().requests().stream().map(r -> KeyValue.pair(SyncKey.order(orderId), r)).toList())
                .to(topic.name(), topic.produced());
        translated.flatMap((orderId, t) -> t.translation().deadLetter() == null ? List.<KeyValue<String, DeadLetter>>of()
                        : List.of(KeyValue.pair(translator.target().outcomeKey(orderId), t.translation().deadLetter())))
                .to(Topics.SYNC_DLQ.name(), Topics.SYNC_DLQ.produced());
    }

    /**
     * CRM status changes become shop commands (or recorded refusals), in the task that owns the order's state; so do
     * the sink's reports of orders a CRM would not take.
     */
    private static void statusesBack(StreamsBuilder builder, List<TargetTranslator> targets, boolean trail) {
        Map<String, Map<String, Integer>> byTarget = targets.stream()
                .collect(Collectors.toUnmodifiableMap(t -> t.target().name(), TargetTranslator::statusesBack));
        Map<String, InboundStatusProcessor.FailureCommand> failures = targets.stream()
                .collect(Collectors.toUnmodifiableMap(t -> t.target().name(), t -> t::failureCommand));
        KStream<String, InboundStatusProcessor.Outcome> inbound = builder.stream(Topics.CRM_INBOUND.name(), Topics.CRM_INBOUND.consumed())
                .process(() -> new InboundStatusProcessor(byTarget, failures), OrderState.STORE);
        inbound.flatMapValues(o -> o.command() == null ? List.<ShopCommand>of() : List.of(o.command()))
                .to(Topics.SHOP_COMMANDS.name(), Topics.SHOP_COMMANDS.produced());
        inbound.flatMapValues(o -> o.result() == null ? List.<SyncResult>of() : List.of(o.result()))
                .to(Topics.SYNC_RESULTS.name(), Topics.SYNC_RESULTS.produced());
        // A skipped event travels keyed for sync.results: its trail line goes back under the order's key.
        if (trail) {
            inbound.flatMap((key, o) -> o.trail() == null ? List.<KeyValue<String, TrailEntry>>of() : List.of(KeyValue.pair(o.trail().orderId(), o.trail())))
                    .to(Topics.TRAIL.name(), Topics.TRAIL.produced());
        }
    }
}

package shopsync.processor.inbound;

import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.ShopCommand;
import shopsync.events.SyncResult;
import shopsync.events.TrailEntry;
import shopsync.processor.PromptCommit;
import shopsync.processor.Rows;
import shopsync.processor.order.OrderState;

/**
 * Turns a CRM's status change into a shop command, at most once per change: runs in the same task as the
 * order's assembler (same key, same partition), so it sees the order's state. It drops events older than
 * the last one applied for the order (stale), repeats of the status last applied (the webhook and the
 * history poller both saw it), statuses that do not sync back, and orders the shop does not have; each drop
 * is logged and recorded in {@code sync.results}. A CRM's refusal of an order reported by the sink becomes the
 * shop command that target asks for. Every event also yields its line in the order's trail: where it came from, and
 * what became of it.
 */
public final class InboundStatusProcessor implements Processor<String, CrmEvent, String, InboundStatusProcessor.Outcome> {
    private static final Logger log = LoggerFactory.getLogger(InboundStatusProcessor.class);

    /** At most one of command and result is set; {@code trail} says what became of the event, for the order's trail. */
    public record Outcome(ShopCommand command, SyncResult result, TrailEntry trail) {}

    /** A target's reaction to an order it would not take ({@code TargetTranslator#failureCommand}); null: nothing. */
    @FunctionalInterface
    public interface FailureCommand {
        ShopCommand of(long orderId, String reason, long atMs);
    }

    private final Map<String, Map<String, Integer>> statusesBackByTarget;
    private final Map<String, FailureCommand> failureByTarget;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, OrderState> store;
    private PromptCommit promptCommit;

    public InboundStatusProcessor(Map<String, Map<String, Integer>> statusesBackByTarget, Map<String, FailureCommand> failureByTarget) {
        this.statusesBackByTarget = statusesBackByTarget;
        this.failureByTarget = failureByTarget;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.store = context.getStateStore(OrderState.STORE);
        this.promptCommit = PromptCommit.of(context);
    }

    @Override
    public void process(Record<String, CrmEvent> record) {
        CrmEvent e = record.value();
        if (e == null || record.key() == null) return;
        if (e.deliveryFailed()) {
            failed(record, e);
            return;
        }
        OrderState state = store.get(record.key());
        if (state == null || state.order() == null) {
            skip(record, e, "unknown order: the shop has no order " + e.orderId());
            return;
        }
        Integer shopStatus = statusesBackByTarget.getOrDefault(e.target(), Map.of()).get(e.status());
        if (shopStatus == null) {
            skip(record, e, "status '" + e.status() + "' does not sync back (" + e.target() + ".sync-statuses / mapping)");
            return;
        }
        OrderState.CrmMark last = state.crm().get(e.target());
        if (last != null && isOlder(e, last)) {
            skip(record, e, "stale: older than the change already applied for this order", TrailEntry.STALE_DROP);
            return;
        }
        if (last != null && last.status() == shopStatus) {
            log.debug("order {}: {} status {} already applied ({})", e.orderId(), e.target(), e.status(), e.source());
            store.put(record.key(), state.withCrmMark(e.target(), newer(last, e)));
            note(record, e, TrailEntry.CRM_EVENT, "already applied (the same status came another way first)");
            return;
        }
        int current = (int) Rows.number(state.order(), "status");
        boolean changes = current != shopStatus;
        OrderState.CrmMark mark = new OrderState.CrmMark(shopStatus, Math.max(e.eventTimeMs(), last == null ? 0 : last.eventTimeMs()),
                Math.max(e.historyId(), last == null ? 0 : last.historyId()), changes ? shopStatus : null,
                changes ? context.currentSystemTimeMs() : 0);
        store.put(record.key(), state.withCrmMark(e.target(), mark));
        if (!changes) {
            note(record, e, TrailEntry.CRM_EVENT, "the shop already has status " + shopStatus);
            return;
        }
        String reason = e.target() + " " + e.source() + " status " + e.status();
        log.info("order {}: {} → shop status {}", e.orderId(), reason, shopStatus);
        context.forward(record.withValue(new Outcome(new ShopCommand(Long.parseLong(record.key()), shopStatus, e.target(),
                reason, e.eventTimeMs()), null, line(record, e, TrailEntry.CRM_EVENT, "shop status " + shopStatus + " to be written"))));
        promptCommit.afterForwarding(record.timestamp(), record.timestamp());
    }

    /**
     * The sink could not deliver the order: the target decides what the shop shows. Neither the order's state nor
     * the stale/echo marks are consulted or changed: the command says what the sink saw, whatever the CRM did since.
     */
    private void failed(Record<String, CrmEvent> record, CrmEvent e) {
        long orderId;
        try {
            orderId = Long.parseLong(record.key());
        } catch (NumberFormatException notAnOrder) {
            return;
        }
        FailureCommand reaction = failureByTarget.get(e.target());
        ShopCommand command = reaction == null ? null : reaction.of(orderId, e.failure(), e.eventTimeMs());
        if (command == null) return;
        String shows = (command.keepsStatus() ? "shop status kept" : "shop status " + command.status())
                + (command.appendComment() == null ? "" : ", reason in the manager comment");
        log.info("order {}: {} could not take it; {}", e.orderId(), e.target(), shows);
        context.forward(record.withValue(new Outcome(command, null, line(record, e, TrailEntry.CRM_EVENT,
                "the shop is to show it: " + shows))));
        promptCommit.afterForwarding(record.timestamp(), record.timestamp());
    }

    /**
     * History ids order history events exactly; between a webhook and a history record, time decides. History
     * times have one-second precision and are read as the end of their second, so within one second a lost
     * webhook's change still wins (at worst a status flips briefly and settles on the newest).
     */
    private static boolean isOlder(CrmEvent e, OrderState.CrmMark last) {
        if (e.historyId() > 0 && e.historyId() <= last.historyId()) return true;
        return e.eventTimeMs() < last.eventTimeMs();
    }

    private static OrderState.CrmMark newer(OrderState.CrmMark last, CrmEvent e) {
        return new OrderState.CrmMark(last.status(), Math.max(last.eventTimeMs(), e.eventTimeMs()),
                Math.max(last.historyId(), e.historyId()), last.echoStatus(), last.commandedAtMs());
    }

    private void skip(Record<String, CrmEvent> record, CrmEvent e, String why) {
        skip(record, e, why, TrailEntry.CRM_EVENT);
    }

    private void skip(Record<String, CrmEvent> record, CrmEvent e, String why, String stage) {
        log.warn("order {}: {} {} status '{}' skipped: {}", e.orderId(), e.target(), e.source(), e.status(), why);
        SyncResult refused = new SyncResult(e.target(), SyncResult.Kind.SHOP_STATUS, e.orderId(), SyncResult.Outcome.REJECTED,
                e.crmOrderId(), why, e.eventTimeMs(), context.currentSystemTimeMs());
        context.forward(record.withKey(refused.key()).withValue(new Outcome(null, refused, line(record, e, stage, "dropped: " + why))));
    }

    /** Only a trail line: nothing to command or record. */
    private void note(Record<String, CrmEvent> record, CrmEvent e, String stage, String what) {
        context.forward(record.withValue(new Outcome(null, null, line(record, e, stage, what))));
    }

    /** The event's line in the order's trail: where it came from, the status it carries, and what became of it. */
    private TrailEntry line(Record<String, CrmEvent> record, CrmEvent e, String stage, String what) {
        String from = e.deliveryFailed() ? "delivery failed (" + e.failure() + ") →" : e.source() + " status '" + e.status() + "'"
                + (e.crmOrderId() == null ? "" : " (CRM order " + e.crmOrderId() + ")") + " →";
        return TrailEntry.of(context.currentSystemTimeMs(), record.key(), TrailEntry.PROCESSOR, stage, e.target(), from + " " + what);
    }
}

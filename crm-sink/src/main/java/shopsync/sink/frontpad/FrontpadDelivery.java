package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.sink.frontpad.FrontpadLedger.Entry;
import shopsync.sink.frontpad.FrontpadLedger.State;

/**
 * Creates orders in Frontpad exactly once although its API has no idempotency key. Before {@code new_order}
 * the ledger records the order as in flight; after the answer, as sent with Frontpad's id. An order already
 * sent is not sent again. An order left in flight (the process died, or the answer never came) is first looked
 * up with {@code get_status_phone}: a Frontpad order for that phone newer than every id known when the marker
 * was written is taken to be ours; otherwise it is sent again. What remains uncertain: another order for the
 * same phone created elsewhere in that window would be mistaken for ours (see docs/reliability.md).
 * {@code cash_close} (shift closed), {@code requests_limit} and {@code api_off} are waits, not failures.
 */
public final class FrontpadDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(FrontpadDelivery.class);
    private static final Set<String> WAIT_CODES = Set.of("cash_close", "requests_limit", "api_off");

    private final FrontpadClient client;
    private final FrontpadLedger ledger;
    private final String hookUrl;
    private final List<String> hookStatusCodes;

    /** @param hookUrl where Frontpad should report status changes (with the secret), or null */
    public FrontpadDelivery(FrontpadClient client, FrontpadLedger ledger, String hookUrl, List<String> hookStatusCodes) {
        this.client = client;
        this.ledger = ledger;
        this.hookUrl = hookUrl;
        this.hookStatusCodes = hookStatusCodes;
    }

    @Override
    public Target target() {
        return Topics.FRONTPAD;
    }

    /** Frontpad only knows creates, and the later one carries the newer order. */
    @Override
    public SyncRequest merge(SyncRequest earlier, SyncRequest later) {
        boolean creates = earlier.kind() == SyncRequest.Kind.ORDER_CREATE && later.kind() == SyncRequest.Kind.ORDER_CREATE;
        return creates && earlier.entityId().equals(later.entityId()) ? later : null;
    }

    @Override
    public Outcome deliver(SyncRequest request) {
        if (request.kind() != SyncRequest.Kind.ORDER_CREATE) {
            return Outcome.rejected("Frontpad cannot change an order after it is created (" + request.kind() + ")", null);
        }
        String orderId = request.entityId();
        Entry entry = ledger.get(orderId);
        if (entry != null && entry.state() == State.SENT) return Outcome.updated(String.valueOf(entry.frontpadOrderId()));
        try {
            if (entry != null && entry.state() == State.IN_FLIGHT) {
                Outcome reconciled = reconcile(orderId, entry);
                if (reconciled != null) return reconciled;
            }
            String phone = Json.text(request.payload(), "phone");
            ledger.markInFlight(orderId, phone);
            FrontpadAnswer answer = client.call("new_order", withHook(request.payload()));
            if (answer.success()) {
                long id = answer.body().path("order_id").asLong();
                ledger.markSent(orderId, id, answer.body().path("order_number").asLong());
                if (answer.body().has("invalid_product_keys") || answer.body().has("warnings")) {
                    log.warn("frontpad order {} created with warnings: {}", orderId, answer.body());
                }
                return Outcome.created(String.valueOf(id));
            }
            ledger.clear(orderId); // an error answer means nothing was created
            if (WAIT_CODES.contains(answer.error())) {
                throw new TransientFailure("Frontpad " + answer.error() + (answer.error().equals("cash_close") ? " (shift closed)" : ""));
            }
            return Outcome.rejected("Frontpad " + answer.error(), answer.body().toString());
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage()); // the marker stays: the next attempt reconciles first
        }
    }

    private Outcome reconcile(String orderId, Entry entry) {
        if (entry.phone() == null) return null;
        FrontpadAnswer latest = client.call("get_status_phone", Map.of("client_phone", entry.phone()));
        long found = latest.success() ? latest.body().path("order_id").asLong() : 0;
        if (found > entry.maxKnownIdAtMark() && ledger.orderOf(found) == null) {
            log.warn("frontpad: order {} was in flight when shopsync stopped; Frontpad has order {} for its phone: taking it as ours",
                    orderId, found);
            ledger.markSent(orderId, found, latest.body().path("order_number").asLong());
            return Outcome.created(String.valueOf(found));
        }
        return null;
    }

    private JsonNode withHook(JsonNode fields) {
        if (hookUrl == null) return fields;
        ObjectNode copy = fields.deepCopy();
        copy.put("hook_url", hookUrl);
        var statuses = copy.putArray("hook_status");
        hookStatusCodes.stream().limit(5).forEach(statuses::add);
        return copy;
    }
}

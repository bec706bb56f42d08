package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
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
 * Creates orders in Frontpad at most once although its API has no idempotency key and no way to find an order by
 * the shop's reference. Before {@code new_order} the ledger records the order as in flight; after the answer, as
 * sent with Frontpad's id. Only a {@code result: error} answer means "not created". When the outcome is unknown (no
 * answer after the request left: read timeout, cut connection, a 5xx; or an in-flight marker found after a crash)
 * the order becomes {@code UNCERTAIN}: it is never sent again automatically but dead-lettered with a reason that says
 * what to check, until {@code shopsync dlq resolve} or Frontpad's webhook settles it. A request that surely never
 * left (the connection could not be made) is retried. {@code cash_close} and {@code requests_limit} are waits;
 * {@code invalid_plant}, {@code invalid_secret} and {@code api_off} are the account's outage, retried as waits too.
 */
public final class FrontpadDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(FrontpadDelivery.class);
    private static final Set<String> WAIT_CODES = Set.of("cash_close", "requests_limit");
    private static final Set<String> ACCOUNT_CODES = Set.of("invalid_plant", "invalid_secret", "api_off");
    /** Keys of a successful {@code new_order} that say a part of the order was dropped. */
    private static final List<String> WARNINGS = List.of("invalid_datetime", "invalid_certificate", "invalid_product_keys", "invalid_tags",
            "invalid_hook_status", "warnings");
    /** Frontpad's field lengths; a longer value is cut (the shop keeps the whole). */
    private static final Map<String, Integer> MAX_LENGTH = Map.of("name", 50, "phone", 50, "street", 50, "home", 50, "apart", 50,
            "pod", 2, "et", 2, "descr", 100);
    /** How a manager comment for an order sent with warnings starts; the processor then keeps the order's status. */
    public static final String WARNING_PREFIX = "sent with warnings";
    /** How the reason of an uncertain order starts. */
    public static final String UNCERTAIN_PREFIX = "may already be in Frontpad";

    private final FrontpadClient client;
    private final FrontpadLedger ledger;
    private final String hookUrl;
    private final List<String> hookStatusCodes;
    private final DateTimeFormatter clockTime;
    private volatile String accountError;
    private volatile BiConsumer<String, String> onWarnings = (orderId, detail) -> { };

    /**
     * @param hookUrl where Frontpad should report status changes (with the secret), or null
     * @param zone the shop's time zone, for the time in an uncertain order's reason
     */
    public FrontpadDelivery(FrontpadClient client, FrontpadLedger ledger, String hookUrl, List<String> hookStatusCodes, ZoneId zone) {
        this.client = client;
        this.ledger = ledger;
        this.hookUrl = hookUrl;
        this.hookStatusCodes = hookStatusCodes;
        this.clockTime = DateTimeFormatter.ofPattern("dd.MM HH:mm").withZone(zone);
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

    /** Told (shop order id, what was dropped) after an order was created with warnings, to put them on the order. */
    public void onWarnings(BiConsumer<String, String> listener) {
        this.onWarnings = listener;
    }

    /** The account-level error Frontpad answers every call with now ({@code invalid_secret}…), or null. */
    public String accountError() {
        return accountError;
    }

    @Override
    public Outcome deliver(SyncRequest request) {
        if (request.kind() != SyncRequest.Kind.ORDER_CREATE) {
            return Outcome.rejected("Frontpad cannot change an order after it is created (" + request.kind() + ")", null);
        }
        String orderId = request.entityId();
        Entry entry = ledger.get(orderId);
        if (entry != null && entry.state() == State.UNCERTAIN) {
            ledger.refresh(); // a person may have resolved it since
            entry = ledger.get(orderId);
        }
        if (entry != null && entry.state() == State.SENT) return Outcome.updated(String.valueOf(entry.frontpadOrderId()));
        if (entry != null && entry.state() == State.UNCERTAIN) return uncertain(orderId, entry, "still unresolved");
        if (entry != null && entry.state() == State.IN_FLIGHT) {
            // The process stopped after marking it: the request may have left, and Frontpad cannot be asked by our reference.
            return uncertain(orderId, ledger.markUncertain(orderId), "shopsync stopped while it was being sent");
        }
        ledger.markInFlight(orderId, Json.text(request.payload(), "phone"));
        FrontpadAnswer answer;
        try {
            answer = client.call("new_order", prepared(orderId, request.payload()));
        } catch (CrmUnreachable e) {
            if (!e.requestLeft()) {
                ledger.clear(orderId); // the connection was never made: Frontpad saw nothing, safe to try again
                throw new TransientFailure(e.getMessage());
            }
            return uncertain(orderId, ledger.markUncertain(orderId), e.getMessage());
        }
        if (answer.success()) {
            accountUp();
            long id = answer.body().path("order_id").asLong();
            ledger.markSent(orderId, id, answer.body().path("order_number").asLong());
            List<String> dropped = WARNINGS.stream().filter(answer.body()::has)
                    .map(k -> k.equals("warnings") ? "warnings " + answer.body().get(k) : k).toList();
            if (dropped.isEmpty()) return Outcome.created(String.valueOf(id));
            String detail = WARNING_PREFIX + " (Frontpad order " + id + "): Frontpad dropped " + String.join(", ", dropped);
            log.warn("frontpad order {} created as {} with warnings: {}", orderId, id, dropped);
            try {
                onWarnings.accept(orderId, detail);
            } catch (RuntimeException e) {
                log.warn("frontpad order {}: putting the warnings on the order failed: {}", orderId, e.getMessage());
            }
            return new Outcome(true, true, String.valueOf(id), detail, answer.body().toString());
        }
        ledger.clear(orderId); // an error answer means nothing was created
        String error = answer.error();
        if (ACCOUNT_CODES.contains(error)) {
            accountDown(error);
            throw new TransientFailure("Frontpad account: " + error);
        }
        accountUp();
        if (WAIT_CODES.contains(error)) throw new TransientFailure("Frontpad " + error + (error.equals("cash_close") ? " (shift closed)" : ""));
        return Outcome.rejected("Frontpad " + error, answer.body().toString());
    }

    private Outcome uncertain(String orderId, Entry entry, String why) {
        String phone = entry.phone() == null ? "(no phone)" : entry.phone();
        String reason = UNCERTAIN_PREFIX + " — check by phone " + phone + " at " + clockTime.format(Instant.ofEpochMilli(entry.atMs()))
                + " (" + why + "), then: shopsync dlq resolve --order " + orderId + " --sent <frontpad order id> | --not-sent";
        log.error("frontpad order {} is uncertain ({}): not sent again until resolved", orderId, why);
        return Outcome.uncertain(reason);
    }

    private void accountDown(String error) {
        if (!error.equals(accountError)) {
            log.error("frontpad: the account refuses the API ({}): every order waits until it is fixed "
                    + "(invalid_secret: frontpad.secret; invalid_plant: the tariff has no API; api_off: the API is switched off)", error);
        }
        accountError = error;
    }

    private void accountUp() {
        if (accountError != null) log.info("frontpad: the account answers again (was {})", accountError);
        accountError = null;
    }

    /** The order's fields cut to Frontpad's lengths, with the hook URL that names our order. */
    private JsonNode prepared(String orderId, JsonNode fields) {
        ObjectNode copy = fields.deepCopy();
        List<String> cut = new ArrayList<>();
        MAX_LENGTH.forEach((field, max) -> {
            JsonNode v = copy.get(field);
            if (v != null && v.isTextual() && v.asText().codePointCount(0, v.asText().length()) > max) {
                String s = v.asText();
                copy.put(field, s.substring(0, s.offsetByCodePoints(0, max)));
                cut.add(field);
            }
        });
        if (!cut.isEmpty()) log.info("frontpad order {}: {} cut to Frontpad's lengths", orderId, cut);
        if (hookUrl == null) return copy;
        copy.put("hook_url", hookUrl + (hookUrl.contains("?") ? "&" : "?") + FrontpadWebhooks.SHOP_ORDER + "=" + orderId);
        var statuses = copy.putArray("hook_status");
        hookStatusCodes.stream().limit(5).forEach(statuses::add);
        return copy;
    }
}

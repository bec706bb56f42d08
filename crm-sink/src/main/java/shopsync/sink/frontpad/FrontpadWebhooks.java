package shopsync.sink.frontpad;

import static shopsync.sink.inbound.Verdict.bad;
import static shopsync.sink.inbound.WebhookFields.ID;
import static shopsync.sink.inbound.WebhookFields.STATUS_CODE;
import static shopsync.sink.inbound.WebhookFields.valid;

import java.time.Clock;
import java.util.Map;
import shopsync.events.CrmEvent;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.inbound.Verdict;
import shopsync.sink.inbound.WebhookDialect;

/**
 * Frontpad's status webhook at {@code /webhooks/frontpad} ({@code action=change_status}, Frontpad's {@code order_id},
 * a numeric status code): the ledger says which shop order a Frontpad id is, {@code frontpad.status-codes} the name
 * of each code.
 */
public final class FrontpadWebhooks implements WebhookDialect {
    private static final Target TARGET = Topics.FRONTPAD;

    private final FrontpadLedger ledger;
    private final Map<String, String> statusNames;
    private final Clock clock;

    /** @param statusNames Frontpad status code → status name */
    public FrontpadWebhooks(FrontpadLedger ledger, Map<String, String> statusNames, Clock clock) {
        this.ledger = ledger;
        this.statusNames = statusNames;
        this.clock = clock;
    }

    @Override
    public String path() {
        return TARGET.name();
    }

    @Override
    public Verdict read(String method, Map<String, String> f) {
        if (!"change_status".equals(f.get("action"))) return bad("unsupported action");
        if (!valid(ID, f.get("order_id")) || !valid(STATUS_CODE, f.get("status"))) return bad("need order_id and status");
        String orderId = ledger.orderOf(Long.parseLong(f.get("order_id")));
        if (orderId == null) return new Verdict.UnknownOrder(TARGET.name(), f.get("order_id"), "no shop order was sent as this Frontpad order");
        String name = statusNames.get(f.get("status"));
        if (name == null) return bad("unknown Frontpad status code " + f.get("status") + " (frontpad.status-codes)");
        return new Verdict.Accepted(new CrmEvent(TARGET.name(), "webhook:frontpad", orderId, f.get("order_id"), name, 0, clock.millis()));
    }
}

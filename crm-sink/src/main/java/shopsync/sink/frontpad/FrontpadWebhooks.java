package shopsync.sink.frontpad;

import static shopsync.sink.inbound.Verdict.bad;
import static shopsync.sink.inbound.WebhookFields.ID;
import static shopsync.sink.inbound.WebhookFields.STATUS_CODE;
import static shopsync.sink.inbound.WebhookFields.valid;

import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.inbound.Verdict;
import shopsync.sink.inbound.WebhookDialect;

/**
 * Frontpad's status webhook at {@code /webhooks/frontpad} ({@code action=change_status}, Frontpad's {@code order_id},
 * a numeric status code): the ledger says which shop order a Frontpad id is, {@code frontpad.status-codes} the name
 * of each code. The {@code hook_url} sent with each order carries {@code shop_order=<id>}, so a call names the shop
 * order even when the ledger has no Frontpad id for it: an {@code UNCERTAIN} order Frontpad reports on was created,
 * and is resolved as sent with that id.
 */
public final class FrontpadWebhooks implements WebhookDialect {
    /** The query parameter of {@code hook_url} that names the shop order. */
    public static final String SHOP_ORDER = "shop_order";
    private static final Logger log = LoggerFactory.getLogger(FrontpadWebhooks.class);
    private static final Target TARGET = Topics.FRONTPAD;

    private final FrontpadLedger ledger;
    private final Map<String, String> statusNames;
    private final Clock clock;
    private final BiConsumer<String, Long> resolved;

    /**
     * @param statusNames Frontpad status code → status name
     * @param resolved told (shop order id, Frontpad id) when a call resolves an uncertain order as sent
     */
    public FrontpadWebhooks(FrontpadLedger ledger, Map<String, String> statusNames, Clock clock, BiConsumer<String, Long> resolved) {
        this.ledger = ledger;
        this.statusNames = statusNames;
        this.clock = clock;
        this.resolved = resolved;
    }

    @Override
    public String path() {
        return TARGET.name();
    }

    @Override
    public Verdict read(String method, Map<String, String> f) {
        if (!"change_status".equals(f.get("action"))) return bad("unsupported action");
        if (!valid(ID, f.get("order_id")) || !valid(STATUS_CODE, f.get("status"))) return bad("need order_id and status");
        long frontpadId = Long.parseLong(f.get("order_id"));
        String orderId = ledger.orderOf(frontpadId);
        String named = f.get(SHOP_ORDER);
        if (orderId == null && valid(ID, named)) {
            FrontpadLedger.Entry entry = ledger.get(named);
            if (entry != null && entry.state() == FrontpadLedger.State.UNCERTAIN) {
                ledger.markSent(named, frontpadId, 0);
                log.warn("frontpad order {} was uncertain: Frontpad reports on it as order {}, resolved as sent", named, frontpadId);
                resolved.accept(named, frontpadId);
                orderId = named;
            }
        }
        if (orderId == null) return new Verdict.UnknownOrder(TARGET.name(), f.get("order_id"), "no shop order was sent as this Frontpad order");
        String name = statusNames.get(f.get("status"));
        if (name == null) return bad("unknown Frontpad status code " + f.get("status") + " (frontpad.status-codes)");
        return new Verdict.Accepted(new CrmEvent(TARGET.name(), "webhook:frontpad", orderId, f.get("order_id"), name, 0, clock.millis()));
    }
}

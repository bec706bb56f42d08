package shopsync.sink.retailcrm;

import static shopsync.sink.inbound.Verdict.bad;
import static shopsync.sink.inbound.WebhookFields.ID;
import static shopsync.sink.inbound.WebhookFields.STATUS_CODE;
import static shopsync.sink.inbound.WebhookFields.valid;

import java.time.Clock;
import java.util.Map;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.Verdict;
import shopsync.sink.inbound.WebhookDialect;

/**
 * RetailCRM's trigger formats at {@code /webhooks/retailcrm}: the modRetailCRM trigger ({@code retailCRM_action}),
 * the IntellectDialog trigger ({@code type=order}) and the CoMagic-style thin trigger ({@code orderId}, the order
 * fetched from the CRM), whether as form, query or JSON fields. Only orders of our store count: a modRetailCRM
 * trigger's optional {@code site} must be ours, and an order looked up by CRM id must be in our store. What names
 * the order is turned into the shop order id ({@link OrderNames}): the modRetailCRM trigger's {@code order_id} by the
 * plugin's rule (id, num or num with {@code -}), a CRM order's {@code externalId} by {@code retailcrm.order-external-id}.
 */
public final class RetailCrmWebhooks implements WebhookDialect {
    private static final Target TARGET = Topics.RETAILCRM;

    private final RetailCrmClient crm;
    private final Clock clock;
    private final StoreScope stores;
    private final OrderNames names;

    /** Webhooks for orders named by their shop id. */
    public RetailCrmWebhooks(RetailCrmClient crm, Clock clock) {
        this(crm, clock, OrderExternalId.ID, new ShopOrders(null, clock), new StoreScope(crm.site()));
    }

    public RetailCrmWebhooks(RetailCrmClient crm, Clock clock, OrderExternalId orderNames, ShopOrders shop, StoreScope stores) {
        this.stores = stores;
        this.crm = crm;
        this.clock = clock;
        this.names = new OrderNames(orderNames, shop);
    }

    @Override
    public String path() {
        return TARGET.name();
    }

    @Override
    public Verdict read(String method, Map<String, String> f) {
        if (f.containsKey("retailCRM_action")) {
            if (!"change_status".equals(f.get("retailCRM_action"))) return bad("unsupported retailCRM_action");
            String status = f.get("status");
            String orderId = f.get("order_id");
            if (!valid(STATUS_CODE, status) || orderId == null || orderId.isBlank()) return bad("need status and order_id");
            if (!stores.holdsSite(f.get("site"), "modRetailCRM trigger", orderId)) {
                return bad("the order is in store '" + f.get("site") + "', shopsync serves '" + stores.site() + "'");
            }
            OrderNames.Resolved order = names.ofTriggerOrderId(orderId);
            if (order.orderId() == null) return unknownOrder(orderId, order.problem());
            return accepted("webhook:modretailcrm", order.orderId(), null, status);
        }
        if (f.containsKey("type")) {
            if (!"order".equals(f.get("type"))) return bad("unsupported type");
            String event = f.get("event");
            if (event != null && !event.equals("new") && !event.equals("status")) return bad("unsupported event");
            if (!valid(ID, f.get("id")) || !valid(STATUS_CODE, f.get("status"))) return bad("need id and status");
            return lookUp("webhook:intellectdialog", f.get("id"), f.get("status"));
        }
        if (f.containsKey("orderId")) {
            if (!valid(ID, f.get("orderId"))) return bad("orderId must be a CRM order id");
            return lookUp("webhook:comagic", f.get("orderId"), null);
        }
        return bad(method.equals("GET") ? "a GET needs ?orderId=" : "unrecognised webhook: expected retailCRM_action, type=order or orderId");
    }

    /** Asks the CRM which shop order a CRM id is (and, for thin triggers, its status). */
    private Verdict lookUp(String source, String crmId, String status) {
        CrmResponse order;
        try {
            order = crm.getOrder(crmId, "id");
        } catch (CrmUnreachable e) {
            return new Verdict.CrmUnavailable("RetailCRM unreachable; retry later");
        }
        if (order.status() == 404) return unknownOrder(crmId, "no such order in RetailCRM");
        if (!order.success()) return new Verdict.CrmUnavailable("RetailCRM answered " + order.status() + "; retry later");
        if (!stores.holds(order.body().path("order"), source + " look-up of CRM id " + crmId)) {
            return unknownOrder(crmId, "the CRM order is in another store (" + Json.text(order.body().path("order"), "site") + ")");
        }
        String externalId = Json.text(order.body().path("order"), "externalId");
        if (externalId == null) return unknownOrder(crmId, "the CRM order has no shop order (externalId)");
        OrderNames.Resolved shopOrder = names.ofExternalId(externalId);
        if (shopOrder.orderId() == null) return unknownOrder(crmId, shopOrder.problem());
        String current = status != null ? status : Json.text(order.body().path("order"), "status");
        if (!valid(STATUS_CODE, current)) return bad("the CRM order has no status");
        return accepted(source, shopOrder.orderId(), crmId, current);
    }

    private Verdict accepted(String source, String orderId, String crmId, String status) {
        return new Verdict.Accepted(new CrmEvent(TARGET.name(), source, orderId, crmId, status, 0, clock.millis()));
    }

    private static Verdict unknownOrder(String id, String why) {
        return new Verdict.UnknownOrder(TARGET.name(), id, why);
    }
}

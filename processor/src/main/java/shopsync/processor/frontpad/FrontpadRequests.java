package shopsync.processor.frontpad;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.OrderSnapshot;
import shopsync.events.ShopCommand;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.processor.TargetTranslator;
import shopsync.processor.Translation;
import shopsync.processor.order.OrderChange;

/**
 * Turns a complete order into Frontpad's {@code new_order} fields (minishop2-frontpad.md §5.3, §5.7): parallel
 * product arrays by article, client fields from the address, street/house/entrance/floor/flat, the comment
 * with the shop's order number, and the mapped pay/point/affiliate/channel codes. Frontpad cannot edit an
 * order, so only creates exist; the sink's ledger makes sure each order is created once however often the
 * request is emitted.
 */
public final class FrontpadRequests implements TargetTranslator {
    private static final Target TARGET = Topics.FRONTPAD;
    private static final Logger log = LoggerFactory.getLogger(FrontpadRequests.class);

    private final FrontpadMapping mapping;

    public FrontpadRequests(FrontpadMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public Target target() {
        return TARGET;
    }

    @Override
    public Map<String, Integer> statusesBack() {
        return mapping.statusesBack();
    }

    /** How the sink's reason for an order created with warnings starts ({@code FrontpadDelivery.WARNING_PREFIX}). */
    static final String SENT_WITH_WARNINGS = "sent with warnings";

    /**
     * FrontpadApi's reaction to an order Frontpad would not take (or, for an order that may already be in Frontpad,
     * the reason that says what to check): the error status and the reason appended to the
     * manager comment, each switchable.
     */
    @Override
    public ShopCommand failureCommand(long orderId, String reason, long atMs) {
        if (mapping.errorStatus() == null && !mapping.commentOnError()) return null;
        if (reason != null && reason.startsWith(SENT_WITH_WARNINGS)) {
            // Created in Frontpad, a part dropped: the order keeps its status, the comment says what was lost.
            return mapping.commentOnError() ? new ShopCommand(orderId, 0, TARGET.name(), TARGET.name() + " warnings", atMs, "Frontpad: " + reason)
                    : null;
        }
        return new ShopCommand(orderId, mapping.errorStatus() == null ? 0 : mapping.errorStatus(), TARGET.name(), TARGET.name() + " error",
                atMs, mapping.commentOnError() ? "Frontpad: " + reason : null);
    }

    @Override
    public Translation translate(OrderChange change) {
        // An order the shop had before shopsync followed it was cooked long ago: never to the kitchen.
        if (change.fromSnapshot()) return new Translation(List.of(), null);
        OrderSnapshot o = change.snapshot();
        boolean due = mapping.sendOnStatus() == null ? change.kind() == OrderChange.Kind.CREATED
                : o.status() == mapping.sendOnStatus();
        if (!due) return new Translation(List.of(), null);
        String id = String.valueOf(o.id());
        List<OrderSnapshot.Item> withoutArticle = o.items().stream().filter(i -> i.article() == null).toList();
        if (!withoutArticle.isEmpty()) {
            String reason = "item(s) without an article cannot be sent to Frontpad: product "
                    + withoutArticle.stream().map(i -> String.valueOf(i.productId())).toList();
            log.error("order {}: {}", id, reason);
            return Translation.deadLetter(TARGET, id, reason, change.sourceTsMs());
        }
        return new Translation(List.of(new SyncRequest(TARGET.name(), SyncRequest.Kind.ORDER_CREATE, id, fields(o), change.sourceTsMs())), null);
    }

    ObjectNode fields(OrderSnapshot o) {
        ObjectNode f = Json.object();
        ArrayNode product = f.putArray("product");
        ArrayNode kol = f.putArray("product_kol");
        ArrayNode price = f.putArray("product_price");
        for (OrderSnapshot.Item i : o.items()) {
            product.add(i.article());
            kol.add(String.valueOf(i.count()));
            price.add(i.price().toPlainString());
        }
        OrderSnapshot.Address a = o.address();
        if (a != null) {
            put(f, "name", a.receiver());
            put(f, "phone", a.phone() == null ? null : a.phone().replaceAll("\\D", ""));
            put(f, "mail", a.email());
            put(f, "street", a.street());
            put(f, "home", a.building());
            put(f, "pod", a.entrance());
            put(f, "et", a.floor());
            put(f, "apart", a.room());
        }
        String comment = a == null ? null : a.comment();
        put(f, "descr", "Заказ " + (o.num() == null ? o.id() : o.num()) + (comment == null ? "" : ". " + comment));
        put(f, "pay", mapped(mapping.payments(), o.payment(), mapping.defaultPay()));
        put(f, "point", mapped(mapping.points(), o.delivery(), mapping.defaultPoint()));
        if (mapping.affiliatesEnabled()) put(f, "affiliate", mapped(mapping.affiliates(), o.delivery(), mapping.defaultAffiliate()));
        String channel = o.context() == null ? null : mapping.channels().get(o.context());
        put(f, "channel", channel != null ? channel : mapping.defaultChannel());
        for (String spec : mapping.additionalFields()) {
            String[] crmShop = spec.split(":", 2);
            String crmField = crmShop[0].trim();
            String shopField = (crmShop.length == 2 ? crmShop[1] : crmShop[0]).trim();
            if (!crmField.isEmpty() && !f.has(crmField)) put(f, crmField, o.extraFields() == null ? null : o.extraFields().get(shopField));
        }
        return f;
    }

    private static String mapped(Map<String, String> map, long shopId, String fallback) {
        String code = map.get(String.valueOf(shopId));
        return code != null ? code : fallback;
    }

    private static void put(ObjectNode f, String field, String value) {
        if (value != null && !value.isBlank()) f.put(field, value);
    }
}

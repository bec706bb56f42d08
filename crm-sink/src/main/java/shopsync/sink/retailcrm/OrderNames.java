package shopsync.sink.retailcrm;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import shopsync.events.OrderExternalId;
import shopsync.sink.inbound.ShopOrders;

/**
 * Which shop order a RetailCRM order name means, and back ({@code retailcrm.order-external-id}). Inside shopsync an
 * order is always its shop id; RetailCRM knows it by {@link OrderExternalId}. A num resolves through the shop's
 * orders ({@code shop.orders}); a num that two shop orders share (miniShop2 does not keep nums unique) names neither.
 */
final class OrderNames {
    private static final Pattern SHOP_ID = Pattern.compile("\\d{1,18}");
    /** How stale the index may be when a delivery asks whether a num is shared. */
    private static final Duration TWIN_CHECK_AGE = Duration.ofSeconds(1);

    /** A shop order id, or why there is none. */
    record Resolved(String orderId, String problem) {
        static Resolved of(String orderId) {
            return new Resolved(orderId, null);
        }

        static Resolved none(String problem) {
            return new Resolved(null, problem);
        }
    }

    private final OrderExternalId scheme;
    private final ShopOrders shop;

    OrderNames(OrderExternalId scheme, ShopOrders shop) {
        this.scheme = scheme;
        this.shop = shop;
    }

    OrderExternalId scheme() {
        return scheme;
    }

    ShopOrders shop() {
        return shop;
    }

    /**
     * The shop order of a RetailCRM order's {@code externalId} (history, thin triggers). With {@code num} it is the
     * order of that num; with {@code id} it is the id itself, and a num-like value (an order the modRetailCRM plugin
     * sent before the switch) is looked up by num.
     */
    Resolved ofExternalId(String externalId) {
        if (scheme == OrderExternalId.ID && SHOP_ID.matcher(externalId).matches()) return Resolved.of(externalId);
        return byNum(externalId);
    }

    /**
     * The shop order of a modRetailCRM trigger's {@code order_id}, by the plugin's own rule: with {@code -} (turned
     * back into {@code /}) or {@code /} it is a num; otherwise an id.
     */
    Resolved ofTriggerOrderId(String orderId) {
        if (orderId.indexOf('-') >= 0 || orderId.indexOf('/') >= 0) return byNum(orderId);
        if (SHOP_ID.matcher(orderId).matches()) return Resolved.of(orderId);
        return Resolved.none("order_id is neither a shop order id nor a num");
    }

    /**
     * Why a request for shop order {@code orderId}, named {@code externalId} in RetailCRM, must not be sent; null when
     * it may. With {@code num}, a num that several shop orders share names one CRM order for all of them, so none of
     * them may write it.
     */
    String sharedNum(String orderId, String externalId) {
        if (scheme != OrderExternalId.NUM || externalId == null) return null;
        shop.refreshIfOlder(TWIN_CHECK_AGE);
        Set<String> ids = shop.idsOfNum(externalId);
        if (ids.size() < 2 || !ids.contains(orderId)) return null;
        return "num " + externalId.replace('-', '/') + " is shared by shop orders " + String.join(", ", ids)
                + ": with retailcrm.order-external-id=num they would be one RetailCRM order; give one of them another num, "
                + "then re-drive";
    }

    private Resolved byNum(String value) {
        Set<String> ids = shop.idsOfNumFresh(value);
        if (ids.size() == 1) return Resolved.of(ids.iterator().next());
        if (ids.isEmpty()) return Resolved.none("no shop order has num " + value.replace('-', '/'));
        return Resolved.none("num " + value.replace('-', '/') + " is shared by shop orders " + String.join(", ", ids));
    }
}

package shopsync.app.check;

import java.util.Map;
import shopsync.app.config.ShopList;

/**
 * What the shop's database holds that the CRM checks compare with: its statuses, deliveries and payments, and its
 * newest orders (to see how the CRM store already names them).
 *
 * @param lists per shop list, id → row
 * @param newestOrders a few of the newest orders that left draft: id → num
 */
record ShopFacts(Map<ShopList, Map<String, Row>> lists, Map<String, String> newestOrders) {

    record Row(String name, boolean active) {}

    Row row(ShopList list, String id) {
        return lists.getOrDefault(list, Map.of()).get(id);
    }
}

package shopsync.processor.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import shopsync.events.OrderSnapshot;
import shopsync.processor.BinlogPosition;

/**
 * The rows of one order as last seen (order, address, items by item id) and the snapshot last forwarded;
 * {@code forwarded == null} means the order has not reached the CRMs yet; {@code applied} is the binlog position
 * of the last streamed row event applied (replays are recognised by it).
 */
public record OrderState(JsonNode order, JsonNode address, Map<String, JsonNode> items, OrderSnapshot forwarded,
                         BinlogPosition applied, Map<String, CrmMark> crm) {

    /**
     * What one CRM last told us about this order, and the status we then commanded the shop to take (so the
     * shop's resulting change is recognised as an echo and not sent back to that CRM).
     *
     * @param echoStatus the status commanded and not yet seen coming back from the shop, or null
     */
    public record CrmMark(int status, long eventTimeMs, long historyId, Integer echoStatus, long commandedAtMs) {}

    public static OrderState empty() {
        return new OrderState(null, null, new TreeMap<>(), null, null, new TreeMap<>());
    }

    public Map<String, CrmMark> crm() {
        return crm == null ? Map.of() : crm;
    }

    OrderState withOrder(JsonNode row) {
        return new OrderState(row, address, items, forwarded, applied, crm);
    }

    OrderState withAddress(JsonNode row) {
        return new OrderState(order, row, items, forwarded, applied, crm);
    }

    OrderState withItem(String itemId, JsonNode row) {
        Map<String, JsonNode> copy = new TreeMap<>(items);
        if (row == null) copy.remove(itemId);
        else copy.put(itemId, row);
        return new OrderState(order, address, copy, forwarded, applied, crm);
    }

    OrderState withForwarded(OrderSnapshot snapshot) {
        return new OrderState(order, address, items, snapshot, applied, crm);
    }

    OrderState withApplied(BinlogPosition position) {
        return position == null ? this : new OrderState(order, address, items, forwarded, position, crm);
    }

    public OrderState withCrmMark(String target, CrmMark mark) {
        Map<String, CrmMark> copy = new TreeMap<>(crm());
        copy.put(target, mark);
        return new OrderState(order, address, items, forwarded, applied, copy);
    }
}

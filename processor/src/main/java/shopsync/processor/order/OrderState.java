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
                         BinlogPosition applied) {

    static OrderState empty() {
        return new OrderState(null, null, new TreeMap<>(), null, null);
    }

    OrderState withOrder(JsonNode row) {
        return new OrderState(row, address, items, forwarded, applied);
    }

    OrderState withAddress(JsonNode row) {
        return new OrderState(order, row, items, forwarded, applied);
    }

    OrderState withItem(String itemId, JsonNode row) {
        Map<String, JsonNode> copy = new TreeMap<>(items);
        if (row == null) copy.remove(itemId);
        else copy.put(itemId, row);
        return new OrderState(order, address, copy, forwarded, applied);
    }

    OrderState withForwarded(OrderSnapshot snapshot) {
        return new OrderState(order, address, items, snapshot, applied);
    }

    OrderState withApplied(BinlogPosition position) {
        return position == null ? this : new OrderState(order, address, items, forwarded, position);
    }
}

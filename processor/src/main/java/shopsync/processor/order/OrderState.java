package shopsync.processor.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import shopsync.events.Json;
import shopsync.events.OrderSnapshot;
import shopsync.processor.BinlogPosition;
import shopsync.processor.StateSerde;

/**
 * The rows of one order as last seen (order, address, items by item id) and what was last forwarded: the status
 * and a digest of everything else the order's own rows said ({@code forwarded == null}: the order has not reached
 * the CRMs yet). A digest, not the snapshot itself, because this state is read and written for every row event.
 * {@code applied} is the binlog position of the last streamed row event applied (replays are recognised by it).
 * {@code paymentMarked} names the targets whose payment was already marked paid for this order (at most once per
 * target; null in states stored before it existed).
 */
public record OrderState(JsonNode order, JsonNode address, Map<String, JsonNode> items, Forwarded forwarded,
                         BinlogPosition applied, Map<String, CrmMark> crm, Set<String> paymentMarked) {
    /** The store of order states, shared by the assembler and the inbound status processor (same key, same task). */
    public static final String STORE = "order-state";

    /** Cached: the rows of one order that arrive within a commit interval reach the changelog once. */
    public static StoreBuilder<KeyValueStore<String, OrderState>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), new StateSerde<>(OrderState.class))
                .withCachingEnabled();
    }

    /** What the CRMs were last sent: the status, and a digest of the order's own rows apart from the status. */
    public record Forwarded(int status, String rowsDigest) {
        static Forwarded of(OrderSnapshot snapshot) {
            return new Forwarded(snapshot.status(), digest(snapshot.ownRows().withStatus(0)));
        }

        // Map entries sorted: the same rows give the same digest in every process.
        private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

        private static String digest(OrderSnapshot rows) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(rows));
                return Base64.getEncoder().withoutPadding().encodeToString(hash);
            } catch (NoSuchAlgorithmException | JsonProcessingException e) {
                throw new IllegalStateException("cannot digest order " + rows.id(), e);
            }
        }
    }

    /**
     * What one CRM last told us about this order, and the status we then commanded the shop to take (so the
     * shop's resulting change is recognised as an echo and not sent back to that CRM).
     *
     * @param echoStatus the status commanded and not yet seen coming back from the shop, or null
     */
    public record CrmMark(int status, long eventTimeMs, long historyId, Integer echoStatus, long commandedAtMs) {}

    public static OrderState empty() {
        return new OrderState(null, null, new TreeMap<>(), null, null, new TreeMap<>(), new TreeSet<>());
    }

    public Map<String, CrmMark> crm() {
        return crm == null ? Map.of() : crm;
    }

    public Set<String> paymentMarked() {
        return paymentMarked == null ? Set.of() : paymentMarked;
    }

    OrderState withPaymentMarked(Set<String> targets) {
        if (targets.isEmpty()) return this;
        Set<String> copy = new TreeSet<>(paymentMarked());
        copy.addAll(targets);
        return new OrderState(order, address, items, forwarded, applied, crm, copy);
    }

    OrderState withOrder(JsonNode row) {
        return new OrderState(row, address, items, forwarded, applied, crm, paymentMarked);
    }

    OrderState withAddress(JsonNode row) {
        return new OrderState(order, row, items, forwarded, applied, crm, paymentMarked);
    }

    OrderState withItem(String itemId, JsonNode row) {
        Map<String, JsonNode> copy = new TreeMap<>(items);
        if (row == null) copy.remove(itemId);
        else copy.put(itemId, row);
        return new OrderState(order, address, copy, forwarded, applied, crm, paymentMarked);
    }

    OrderState withForwarded(OrderSnapshot snapshot) {
        return new OrderState(order, address, items, Forwarded.of(snapshot), applied, crm, paymentMarked);
    }

    OrderState withApplied(BinlogPosition position) {
        return position == null ? this : new OrderState(order, address, items, forwarded, position, crm, paymentMarked);
    }

    public OrderState withCrmMark(String target, CrmMark mark) {
        Map<String, CrmMark> copy = new TreeMap<>(crm());
        copy.put(target, mark);
        return new OrderState(order, address, items, forwarded, applied, copy, paymentMarked);
    }
}

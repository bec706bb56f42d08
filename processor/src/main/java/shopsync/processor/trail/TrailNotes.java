package shopsync.processor.trail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.TrailEntry;
import shopsync.processor.Rows;
import shopsync.processor.Translation;
import shopsync.processor.order.OrderChange;

/**
 * The processor's lines in an order's trail ({@link TrailEntry}): which row it captured, what it assembled, what it
 * queued for each CRM or dropped as an echo. Built from what the topology already has in hand; no personal data
 * (rows are described by table, ids, statuses, money and the names of changed columns, never by their contact
 * fields).
 */
public final class TrailNotes {
    /** How the line of an order row's insert starts: the first thing the trail knows of an order placed after the start. */
    public static final String ORDER_INSERTED = "ms2_orders insert";
    /** Ends the line of an order assembled from a snapshot: the first thing the trail knows of an order the shop had before. */
    public static final String BACKFILL = "(a backfill)";

    private TrailNotes() {}

    /** A row event of the order; {@code replay}: already applied before a capture restart, ignored. */
    public static TrailEntry captured(String orderId, String table, JsonNode envelope, long atMs, boolean replay) {
        JsonNode after = Rows.after(envelope);
        JsonNode before = Rows.before(envelope);
        JsonNode row = after != null ? after : before;
        String name = table == null ? Objects.toString(envelope.path("source").path("table").asText(null), "row") : table;
        StringBuilder text = new StringBuilder(name);
        if (row != null && !"ms2_orders".equals(table) && row.has("id")) text.append(" #").append(Rows.number(row, "id"));
        text.append(' ').append(operation(envelope)).append(describe(table, before, after));
        if (replay) text.append(" (replayed after a capture restart: already applied, ignored)");
        String num = "ms2_orders".equals(table) ? Rows.text(row, "num") : null;
        return new TrailEntry(atMs, orderId, TrailEntry.PROCESSOR, TrailEntry.CAPTURED, null, text.toString(), num);
    }

    /** The order as the CRMs are told about it. */
    public static TrailEntry assembled(OrderChange change, long atMs) {
        OrderSnapshot o = change.snapshot();
        String what = switch (change.kind()) {
            case CREATED -> "complete";
            case STATUS_CHANGED -> "status changed";
            case UPDATED -> "changed";
        };
        String text = what + ": status " + o.status() + ", cost " + o.cost() + " (cart " + o.cartCost() + ", delivery "
                + o.deliveryCost() + "), " + o.items().size() + " item(s)" + (o.userId() == 0 ? "" : ", customer " + o.userId())
                + (change.fromSnapshot() ? "; the shop had it before shopsync started " + BACKFILL : "");
        return new TrailEntry(atMs, String.valueOf(o.id()), TrailEntry.PROCESSOR, TrailEntry.ASSEMBLED, null, text, o.num());
    }

    /** What one order change became for one CRM: the requests queued, its dead letter, or an echo not sent back. */
    public static List<TrailEntry> translated(Target target, OrderChange change, Translation translation, long atMs) {
        String orderId = String.valueOf(change.snapshot().id());
        List<TrailEntry> out = new ArrayList<>(2);
        if (change.isEchoFor(target.name())) {
            out.add(TrailEntry.of(atMs, orderId, TrailEntry.PROCESSOR, TrailEntry.ECHO_DROP, target.name(),
                    "status " + change.snapshot().status() + " was asked for by " + target.name() + " itself: not sent back"));
        }
        if (translation.deadLetter() != null) {
            out.add(TrailEntry.of(atMs, orderId, TrailEntry.PROCESSOR, TrailEntry.DEAD_LETTERED, target.name(),
                    "not sent: " + translation.deadLetter().reason()));
        }
        if (!translation.requests().isEmpty()) {
            out.add(TrailEntry.of(atMs, orderId, TrailEntry.PROCESSOR, TrailEntry.QUEUED, target.name(),
                    translation.requests().stream().map(TrailNotes::describe).collect(Collectors.joining(", "))));
        } else if (out.isEmpty() && change.kind() == OrderChange.Kind.CREATED) {
            out.add(TrailEntry.of(atMs, orderId, TrailEntry.PROCESSOR, TrailEntry.QUEUED, target.name(),
                    "nothing to send now" + (change.fromSnapshot() ? " (backfill setting)" : " (not at the status this CRM is sent at)")));
        }
        return out;
    }

    /** The request's kind, with the customer's id for the customer an order sends before itself. */
    private static String describe(SyncRequest r) {
        boolean customer = r.kind() == SyncRequest.Kind.CUSTOMER_UPSERT || r.kind() == SyncRequest.Kind.CUSTOMER_BACKFILL;
        return customer ? r.kind() + " (customer " + r.entityId() + ")" : r.kind().name();
    }

    private static String operation(JsonNode envelope) {
        return switch (envelope.path("op").asText()) {
            case "c" -> "insert";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "read by a snapshot";
            default -> "change";
        };
    }

    private static String describe(String table, JsonNode before, JsonNode after) {
        if (after == null) return "";
        if (table == null) return "";
        switch (table) {
            case "ms2_orders" -> {
                long status = Rows.number(after, "status");
                if (before != null && Rows.number(before, "status") != status) {
                    return ": status " + Rows.number(before, "status") + " → " + status + otherChanges(before, after, "status");
                }
                if (before == null) return ": status " + status + ", num " + Rows.text(after, "num") + ", cost " + Rows.text(after, "cost");
                return ": " + changed(before, after);
            }
            case "ms2_order_products" -> {
                if (before == null) {
                    return ": product " + Rows.number(after, "product_id") + " × " + Rows.number(after, "count") + " at " + Rows.text(after, "price");
                }
                return ": " + changed(before, after);
            }
            case "ms2_order_logs" -> {
                return ": " + Rows.text(after, "action") + " " + Objects.toString(Rows.text(after, "entry"), "");
            }
            default -> {
                return before == null ? "" : ": " + changed(before, after);
            }
        }
    }

    private static String otherChanges(JsonNode before, JsonNode after, String except) {
        String others = changedColumns(before, after).stream().filter(c -> !c.equals(except)).collect(Collectors.joining(", "));
        return others.isEmpty() ? "" : "; also " + others + " changed";
    }

    private static String changed(JsonNode before, JsonNode after) {
        List<String> columns = changedColumns(before, after);
        return columns.isEmpty() ? "nothing changed" : String.join(", ", columns) + " changed";
    }

    /** Names of the columns whose values differ, never the values (they may be a phone, an e-mail, a name). */
    private static List<String> changedColumns(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String column = names.next();
            if (!Objects.equals(before.get(column), after.get(column))) out.add(column);
        }
        return out;
    }
}

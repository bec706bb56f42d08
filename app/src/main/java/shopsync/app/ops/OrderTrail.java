package shopsync.app.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import shopsync.events.TrailEntry;
import shopsync.processor.trail.TrailNotes;

/**
 * One order's trail as read from {@code shopsync.trail}: its latest entries in the order they happened, how many older
 * ones were left out, and whether its beginning may already have expired. {@link #render} is the text
 * {@code shopsync trail} prints; the ops console can use the entries themselves.
 *
 * @param orderId the shop order id
 * @param num miniShop2's order number when an entry carries it, else null
 * @param entries the latest entries, oldest first (at most the reader's limit)
 * @param omitted older entries of the order that are not in {@code entries}
 * @param beginningExpired the topic has already deleted old entries and this order's first one is not its beginning
 *                         (its first capture or its backfill): older steps were there and are gone
 */
public record OrderTrail(String orderId, String num, List<TrailEntry> entries, int omitted, boolean beginningExpired) {
    /** The order the entries happened in: by their time, then (same millisecond) by their place in the topic. */
    static final Comparator<Indexed> CHRONOLOGICAL = Comparator.comparingLong((Indexed i) -> i.entry().atMs())
            .thenComparingLong(Indexed::offset);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** An entry with its offset in the topic (one partition holds all of an order's entries). */
    record Indexed(TrailEntry entry, long offset) {}

    /**
     * The trail of {@code orderId} from its entries as found (any order): sorted, the {@code limit} latest kept.
     *
     * @param partitionTruncated the topic partition no longer starts at offset 0 (retention deleted entries)
     */
    static OrderTrail of(String orderId, List<Indexed> found, int limit, boolean partitionTruncated) {
        List<Indexed> sorted = new ArrayList<>(found);
        sorted.sort(CHRONOLOGICAL);
        int omitted = Math.max(0, sorted.size() - limit);
        List<TrailEntry> latest = sorted.subList(omitted, sorted.size()).stream().map(Indexed::entry).toList();
        String num = sorted.stream().map(i -> i.entry().num()).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null);
        boolean expired = partitionTruncated && !sorted.isEmpty() && !isBeginning(sorted.get(0).entry());
        return new OrderTrail(orderId, num, latest, omitted, expired);
    }

    /** The first thing the trail knows of an order: its order row captured as inserted, or its backfill. */
    static boolean isBeginning(TrailEntry e) {
        String text = e.text() == null ? "" : e.text();
        return TrailEntry.CAPTURED.equals(e.stage()) && text.startsWith(TrailNotes.ORDER_INSERTED)
                || TrailEntry.ASSEMBLED.equals(e.stage()) && text.endsWith(TrailNotes.BACKFILL);
    }

    /** The trail as text, one line per entry, times in {@code zone}. */
    public String render(ZoneId zone) {
        StringBuilder out = new StringBuilder();
        out.append("order ").append(orderId).append(num == null ? "" : " (num " + num + ")").append(": ")
                .append(entries.size()).append(entries.size() == 1 ? " entry" : " entries").append(", times in ").append(zone).append('\n');
        if (beginningExpired) out.append("(its first entries have expired: the trail keeps trail.retention)\n");
        if (omitted > 0) out.append("(").append(omitted).append(" older entries not shown: at most trail.max-entries are)\n");
        DateTimeFormatter time = TIME.withZone(zone);
        for (TrailEntry e : entries) {
            out.append(String.format("%s  %-9s  %-13s  %-9s  %s%n", time.format(Instant.ofEpochMilli(e.atMs())), e.role(), e.stage(),
                    e.target() == null ? "" : e.target(), e.text() == null ? "" : e.text()));
        }
        return out.toString();
    }
}

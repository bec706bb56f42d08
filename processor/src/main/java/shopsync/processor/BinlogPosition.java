package shopsync.processor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/**
 * Where a streamed row event sits in the binlog. The capture delivers at least once: after a crash it
 * replays events since its last stored offset, so an entity's state remembers the last position applied
 * and ignores older ones (otherwise a replayed {@code status = 1} would briefly undo a later {@code status = 2}).
 * Snapshot reads ({@code op = r}) have no position of their own and are never treated as replays.
 */
public record BinlogPosition(String file, long pos, long row, long tsMs) {
    private static final Comparator<BinlogPosition> ORDER = Comparator.comparing(BinlogPosition::file)
            .thenComparingLong(BinlogPosition::pos).thenComparingLong(BinlogPosition::row);

    /** The position of a streamed event, or null for a snapshot read. */
    public static BinlogPosition of(JsonNode envelope) {
        if ("r".equals(envelope.path("op").asText())) return null;
        JsonNode s = envelope.path("source");
        return new BinlogPosition(s.path("file").asText(""), s.path("pos").asLong(), s.path("row").asLong(), s.path("ts_ms").asLong());
    }

    /**
     * True when this event was already applied: it is not after {@code last} in the binlog and not newer in time.
     * The time check keeps a binlog that was reset ({@code RESET MASTER}, restored server) from looking like a replay.
     */
    public boolean isReplayAfter(BinlogPosition last) {
        return last != null && ORDER.compare(this, last) <= 0 && tsMs <= last.tsMs;
    }
}

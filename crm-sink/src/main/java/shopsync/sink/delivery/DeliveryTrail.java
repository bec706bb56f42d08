package shopsync.sink.delivery;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;
import shopsync.events.SyncKey;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.TrailEntry;

/**
 * The sink's lines in an order's trail: each attempt at one of the order's requests and the CRM's answer, and
 * whether the order then waits, is parked, delivered, dead-lettered or uncertain. Sent without waiting (the trail never
 * holds up a delivery); customers' own requests have no order and no trail. A parked order is tried every
 * {@code sink.park.interval} for up to a day: past {@link #EVERY_ATTEMPT_UP_TO} failed attempts, only every
 * {@link #THEN_EVERY}th is written, so one outage cannot fill an order's trail.
 */
final class DeliveryTrail {
    static final int EVERY_ATTEMPT_UP_TO = 20;
    static final int THEN_EVERY = 60;

    private final Target target;
    private final Consumer<TrailEntry> writer;
    private final Clock clock;

    /** @param writer sends an entry to {@code shopsync.trail} without waiting; null: the trail is off */
    DeliveryTrail(Target target, Consumer<TrailEntry> writer, Clock clock) {
        this.target = target;
        this.writer = writer;
        this.clock = clock;
    }

    /** The request on {@code key} failed for {@code error} and waits as {@code waiting} says. */
    void failed(String key, DeliveryQueues.Waiting waiting, String error) {
        if (waiting == null || !written(waiting.attempts())) return;
        long now = clock.millis();
        String next = "next try in " + seconds(waiting.retryAtMs() - now);
        write(key, waiting.parked() ? TrailEntry.PARKED : TrailEntry.ATTEMPT, what(waiting.request()) + " attempt "
                + waiting.attempts() + ": " + error + "; " + (waiting.parked() ? "parked, " : "") + next, now);
    }

    /** The request on {@code key} has its final outcome. */
    void finished(String key, DeliveryQueues.Finished f, Delivery.Outcome outcome) {
        SyncRequest request = f.pending().request();
        int changes = f.pending().offsets().size();
        String head = what(request) + " attempt " + f.attempts() + ": ";
        String merged = changes > 1 ? " [" + changes + " changes in one request]" : "";
        if (outcome.delivered()) {
            String answer = outcome.crmId() == null ? "nothing to send (the CRM has it as it is)"
                    : (outcome.created() ? "created" : "updated") + ", CRM id " + outcome.crmId();
            write(key, TrailEntry.DELIVERED, head + answer + merged + (outcome.detail() == null ? "" : "; " + outcome.detail()), clock.millis());
        } else {
            write(key, outcome.uncertain() ? TrailEntry.UNCERTAIN : TrailEntry.DEAD_LETTERED,
                    head + outcome.detail() + merged + "; in sync.dlq", clock.millis());
        }
    }

    /** Every failed attempt at first; then, for an order failing for hours, one now and then. */
    static boolean written(int attempt) {
        return attempt <= EVERY_ATTEMPT_UP_TO || attempt % THEN_EVERY == 0;
    }

    private void write(String key, String stage, String text, long atMs) {
        if (writer == null) return;
        SyncKey entity = SyncKey.parse(key);
        if (entity.entity() != SyncKey.Entity.ORDER) return;
        writer.accept(TrailEntry.of(atMs, entity.id(), TrailEntry.SINK, stage, target.name(), text));
    }

    /** The request's kind, and the customer's id for the customer an order sends before itself. */
    private static String what(SyncRequest request) {
        boolean customer = request.kind() == SyncRequest.Kind.CUSTOMER_UPSERT || request.kind() == SyncRequest.Kind.CUSTOMER_BACKFILL;
        return customer ? request.kind() + " (customer " + request.entityId() + ")" : request.kind().name();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, ms) / 1000.0);
    }
}

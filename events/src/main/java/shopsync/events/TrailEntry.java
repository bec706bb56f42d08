package shopsync.events;

/**
 * One step in the life of one shop order, as kept in {@code shopsync.trail} (key: the shop order id). Each role
 * writes the steps only it knows: the processor what it captured, assembled, queued for a CRM and did with a CRM's
 * events; the sink each delivery attempt and its answer; the connector each status written back into the shop.
 * {@code shopsync trail} and the ops console read them back per order.
 *
 * <p>A stable contract: fields may be added, none is renamed or changes meaning; stages and roles are the constants
 * below, and a reader shows a stage it does not know as it is.
 *
 * @param atMs when it happened, epoch milliseconds of the writing process's clock (the trail is ordered by it)
 * @param orderId the shop order id ({@code ms2_orders.id})
 * @param role who wrote it: {@link #CONNECTOR}, {@link #PROCESSOR}, {@link #SINK} or {@link #OPERATOR}
 * @param stage what kind of step: {@link #CAPTURED}, {@link #ASSEMBLED}, … (see the constants)
 * @param target the CRM it concerns ({@code retailcrm}, {@code frontpad}), or null
 * @param text one line for people; phones and e-mails are masked, at most {@link #MAX_TEXT} characters
 * @param num miniShop2's order number ({@code ms2_orders.num}) where the step knows it, else null
 */
public record TrailEntry(long atMs, String orderId, String role, String stage, String target, String text, String num) {
    public static final int MAX_TEXT = 400;

    public static final String CONNECTOR = "connector";
    public static final String PROCESSOR = "processor";
    public static final String SINK = "sink";
    public static final String OPERATOR = "operator";

    /** A row of the order read from the shop's binlog (processor). */
    public static final String CAPTURED = "captured";
    /** The order is complete, or changed after that: what the CRMs are told about (processor). */
    public static final String ASSEMBLED = "assembled";
    /** Requests put on a CRM's sync topic, or nothing to send (processor). */
    public static final String QUEUED = "queued";
    /** A status change that a CRM itself asked for came back from the shop: not sent back to it (processor). */
    public static final String ECHO_DROP = "echo-drop";
    /** Will not succeed as it is: in {@code sync.dlq} (processor: unmapped code; sink: refused, or given up). */
    public static final String DEAD_LETTERED = "dead-lettered";
    /** A delivery attempt that failed and will be tried again (sink). */
    public static final String ATTEMPT = "attempt";
    /** A failed attempt after which the order is parked (sink). */
    public static final String PARKED = "parked";
    /** The CRM took the request (sink). */
    public static final String DELIVERED = "delivered";
    /** The CRM may or may not have the order; never sent again by itself (sink, Frontpad). */
    public static final String UNCERTAIN = "uncertain";
    /** A CRM's event about the order came in, and what the processor made of it (processor). */
    public static final String CRM_EVENT = "crm-event";
    /** A CRM event older than one already applied: dropped (processor). */
    public static final String STALE_DROP = "stale-drop";
    /** A status (or comment) written into the shop because a CRM asked, or refused by the shop's rules (connector). */
    public static final String WRITE_BACK = "write-back";
    /** A person re-drove or resolved the order's dead letter (operator). */
    public static final String REDRIVEN = "redriven";

    public TrailEntry {
        // Masked before it is cut, so that a cut never leaves the visible part of a phone number behind.
        String masked = Masking.mask(text);
        text = masked == null || masked.length() <= MAX_TEXT ? masked : masked.substring(0, MAX_TEXT - 1) + "…";
    }

    /** A step without the order number. */
    public static TrailEntry of(long atMs, String orderId, String role, String stage, String target, String text) {
        return new TrailEntry(atMs, orderId, role, stage, target, text, null);
    }
}

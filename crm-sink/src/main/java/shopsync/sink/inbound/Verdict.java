package shopsync.sink.inbound;

import shopsync.events.CrmEvent;

/** What a webhook request means, as a {@link WebhookDialect} reads it; the intake turns it into the HTTP answer. */
public sealed interface Verdict {

    /** A status change for a known shop order: stored in {@code crm.inbound}, then answered 200. */
    record Accepted(CrmEvent event) implements Verdict {}

    /** About an order the shop did not send: recorded in {@code sync.results} as skipped, answered 202 so the CRM stops. */
    record UnknownOrder(String target, String id, String why) implements Verdict {}

    /** Not a request this endpoint understands: 400 with the reason. */
    record BadRequest(String why) implements Verdict {}

    /** The CRM had to be asked and did not answer: 503, so that its trigger is retried. */
    record CrmUnavailable(String message) implements Verdict {}

    static Verdict bad(String why) {
        return new BadRequest(why);
    }
}

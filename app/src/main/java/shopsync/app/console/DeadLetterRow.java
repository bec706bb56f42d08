package shopsync.app.console;

import shopsync.app.ops.DeadLetters;
import shopsync.events.DeadLetter;
import shopsync.events.Masking;
import shopsync.sink.frontpad.FrontpadDelivery;

/**
 * An open dead letter as the console shows it, personal data masked.
 *
 * @param customer it concerns a customer (the entity id is a user id), not an order
 * @param uncertain a Frontpad order that may already be in Frontpad: a person resolves it, a re-drive alone must not resend it
 */
record DeadLetterRow(String target, String entityId, boolean customer, String kind, int attempts, String firstFailure,
                     String lastFailure, String reason, String lastResponse, boolean uncertain) {

    static DeadLetterRow of(DeadLetter d) {
        String reason = d.reason() == null ? "" : d.reason();
        return new DeadLetterRow(d.target(), d.entityId(), DeadLetters.isCustomer(d), d.request() == null ? "(not built)" : d.request().kind().name(),
                d.attempts(), Display.time(d.firstFailureMs()), Display.time(d.lastFailureMs()), Masking.mask(reason), Masking.mask(d.lastResponse()),
                reason.startsWith(FrontpadDelivery.UNCERTAIN_PREFIX));
    }

    String entity() {
        return (customer ? "customer " : "order ") + entityId;
    }
}

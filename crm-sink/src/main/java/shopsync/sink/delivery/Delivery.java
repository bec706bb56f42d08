package shopsync.sink.delivery;

import shopsync.events.SyncRequest;

/** One CRM target: delivers a request and says what became of it. */
public interface Delivery {

    String target();

    /**
     * @return the outcome; a request that may succeed later (rate limit, CRM down, timeout) throws
     *         {@link TransientFailure} instead
     */
    Outcome deliver(SyncRequest request);

    /** A final answer for one request. */
    record Outcome(boolean delivered, boolean created, String crmId, String detail, String lastResponse) {
        public static Outcome created(String crmId) {
            return new Outcome(true, true, crmId, null, null);
        }

        public static Outcome updated(String crmId) {
            return new Outcome(true, false, crmId, null, null);
        }

        public static Outcome rejected(String reason, String lastResponse) {
            return new Outcome(false, false, null, reason, lastResponse);
        }
    }

    /** The CRM could not take the request now; the same request is to be tried again later. */
    final class TransientFailure extends RuntimeException {
        public TransientFailure(String message) {
            super(message);
        }
    }
}

package shopsync.sink.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import shopsync.events.SyncRequest;
import shopsync.events.Target;

/** How requests reach one CRM: delivers a request, says what became of it, and folds pending ones. */
public interface Delivery {

    Target target();

    /**
     * The single request equivalent to {@code earlier} then {@code later}, both pending for one entity, or null when
     * both must be sent; an order that changed ten times during an outage is then sent once. Only the CRM knows
     * which of its fields a later request may carry into an earlier one. Default: nothing is folded.
     */
    default SyncRequest merge(SyncRequest earlier, SyncRequest later) {
        return null;
    }

    /**
     * @return the outcome; a request that may succeed later (rate limit, CRM down, timeout) throws
     *         {@link TransientFailure} instead
     */
    Outcome deliver(SyncRequest request);

    /** How many requests of this kind one call may carry; 1 when the CRM has no batch method for it. */
    default int batchLimit(SyncRequest.Kind kind) {
        return 1;
    }

    /**
     * Delivers requests of one kind (at most {@link #batchLimit}) in as few calls as the CRM allows; several may
     * name the same entity. Returns one attempt per request, in order. A failure that hits the whole call
     * throws {@link TransientFailure}.
     */
    default List<Attempt> deliverAll(List<SyncRequest> requests) {
        List<Attempt> out = new ArrayList<>();
        for (SyncRequest r : requests) out.add(Attempt.of(() -> deliver(r)));
        return out;
    }

    /** What became of one request of a batch: an outcome, or a reason to try it again on its own. */
    record Attempt(Outcome outcome, String retryReason) {
        /** Runs one delivery, turning its transient failure into a retry of this request alone. */
        public static Attempt of(Supplier<Outcome> delivery) {
            try {
                return new Attempt(delivery.get(), null);
            } catch (TransientFailure e) {
                return new Attempt(null, e.getMessage());
            }
        }
    }

    /**
     * A final answer for one request.
     *
     * @param uncertain not delivered, and the CRM may have it all the same (it is never sent again by itself)
     */
    record Outcome(boolean delivered, boolean created, String crmId, String detail, String lastResponse, boolean uncertain) {
        public Outcome(boolean delivered, boolean created, String crmId, String detail, String lastResponse) {
            this(delivered, created, crmId, detail, lastResponse, false);
        }

        public static Outcome created(String crmId) {
            return new Outcome(true, true, crmId, null, null);
        }

        public static Outcome updated(String crmId) {
            return new Outcome(true, false, crmId, null, null);
        }

        public static Outcome rejected(String reason, String lastResponse) {
            return new Outcome(false, false, null, reason, lastResponse);
        }

        /** Not known to be delivered, and possibly delivered: dead-lettered for a person to settle. */
        public static Outcome uncertain(String reason) {
            return new Outcome(false, false, null, reason, null, true);
        }
    }

    /** The CRM could not take the request now; the same request is to be tried again later. */
    final class TransientFailure extends RuntimeException {
        private final boolean rateLimited;

        public TransientFailure(String message) {
            this(message, false);
        }

        private TransientFailure(String message, boolean rateLimited) {
            super(message);
            this.rateLimited = rateLimited;
        }

        /** The CRM answered "too many requests": the request is fine, its turn came too soon. */
        public static TransientFailure rateLimited(String message) {
            return new TransientFailure(message, true);
        }

        public boolean rateLimited() {
            return rateLimited;
        }
    }
}

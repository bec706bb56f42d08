package shopsync.sink.delivery;

/**
 * No answer at all from a CRM (connection refused, timeout, interrupted while waiting for the rate limit): the
 * request may or may not have been applied. Every CRM client throws it, so deliveries, webhook look-ups and site
 * checks treat all CRMs alike.
 */
public final class CrmUnreachable extends RuntimeException {
    private final boolean requestLeft;

    public CrmUnreachable(String message, Throwable cause) {
        this(message, cause, true);
    }

    /** @param requestLeft false when the request surely never reached the CRM (e.g. the connection was refused) */
    public CrmUnreachable(String message, Throwable cause, boolean requestLeft) {
        super(message, cause);
        this.requestLeft = requestLeft;
    }

    /** Whether the CRM may have received (and applied) the request; false only when it surely did not. */
    public boolean requestLeft() {
        return requestLeft;
    }
}

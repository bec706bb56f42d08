package shopsync.sink.delivery;

/**
 * No answer at all from a CRM (connection refused, timeout, interrupted while waiting for the rate limit): the
 * request may or may not have been applied. Every CRM client throws it, so deliveries, webhook look-ups and site
 * checks treat all CRMs alike.
 */
public final class CrmUnreachable extends RuntimeException {
    public CrmUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}

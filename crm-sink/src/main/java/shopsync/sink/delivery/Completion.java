package shopsync.sink.delivery;

/**
 * What a delivery thread learned about one request: its outcome, or (outcome null) why it is to be tried again.
 *
 * @param logged the failure was already logged once for a whole batch
 * @param rateLimited the CRM answered "too many requests" (see {@link Delivery.TransientFailure#rateLimited()})
 */
record Completion(String key, Delivery.Outcome outcome, String error, boolean logged, boolean rateLimited) {
    Completion(String key, Delivery.Outcome outcome, String error) {
        this(key, outcome, error, false, false);
    }
}

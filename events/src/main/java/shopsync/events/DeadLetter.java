package shopsync.events;

/**
 * A request that will not succeed as it is: the request itself (or, when it could not even be built, the
 * entity it concerns), why, the CRM's last answer and the attempt history. {@code redrivenAtMs} is 0 while it
 * is open.
 */
public record DeadLetter(String target, String entityId, SyncRequest request, String reason, String lastResponse,
                         int attempts, long firstFailureMs, long lastFailureMs, long redrivenAtMs) {

    /** Its key in {@code sync.dlq}: {@code <target>:<entity id>}; a later record under the same key replaces it. */
    public String key() {
        return Target.outcomeKey(target, entityId);
    }

    /** The same dead letter, marked as re-driven (a later record under the same key closes it). */
    public DeadLetter redriven(long atMs) {
        return new DeadLetter(target, entityId, request, reason, lastResponse, attempts, firstFailureMs, lastFailureMs, atMs);
    }
}
